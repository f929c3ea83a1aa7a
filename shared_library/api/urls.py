"""Federation API: the central library, under /api/v1/library/ on the federation host."""

from django.urls import path

from shared_library.api import views

V = "items/<str:pk>/versions/<str:number>/"

urlpatterns = [
    path("subjects/", views.SubjectListApi.as_view(), name="library-subjects"),
    path("items/", views.ItemListApi.as_view(), name="library-items"),
    path("items/<str:pk>/", views.ItemDetailApi.as_view(), name="library-item"),
    path("items/<str:pk>/withdraw/", views.ItemWithdrawApi.as_view(), name="library-item-withdraw"),
    path("items/<str:pk>/versions/", views.VersionCreateApi.as_view(), name="library-versions"),
    path(V, views.VersionDetailApi.as_view(), name="library-version"),
    path(V + "submit/", views.VersionSubmitApi.as_view(), name="library-version-submit"),
    path(V + "approve/", views.VersionApproveApi.as_view(), name="library-version-approve"),
    path(V + "return/", views.VersionReturnApi.as_view(), name="library-version-return"),
    path(V + "publish/", views.VersionPublishApi.as_view(), name="library-version-publish"),
    path("collections/", views.CollectionListApi.as_view(), name="library-collections"),
    path("collections/<str:pk>/", views.CollectionDetailApi.as_view(), name="library-collection"),
    path("collections/<str:pk>/add-items/", views.CollectionAddItemsApi.as_view(),
         name="library-collection-add-items"),
    path("collections/<str:pk>/remove-items/", views.CollectionRemoveItemsApi.as_view(),
         name="library-collection-remove-items"),
]
