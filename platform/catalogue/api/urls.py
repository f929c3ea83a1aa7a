"""Region API: the library catalogue, and materials. /api/v1/homework/<id>/ is the journal's,
/api/v1/lessons/<id>/ the schedule's; their materials/ are ours."""

from django.urls import path

from catalogue.api import views

urlpatterns = [
    path("catalogue/items/", views.CatalogueListApi.as_view(), name="catalogue-items"),
    path("catalogue/items/<str:item_id>/", views.CatalogueItemApi.as_view(), name="catalogue-item"),
    path("catalogue/items/<str:item_id>/hide/", views.HideItemApi.as_view(), name="catalogue-item-hide"),
    path(
        "catalogue/items/<str:item_id>/unhide/", views.UnhideItemApi.as_view(), name="catalogue-item-unhide"
    ),
    path("catalogue/collections/", views.CollectionListApi.as_view(), name="catalogue-collections"),
    path(
        "catalogue/collection-choice/",
        views.CollectionChoiceApi.as_view(),
        name="catalogue-collection-choice",
    ),
    path("homework/<int:pk>/materials/", views.HomeworkMaterialsApi.as_view(), name="homework-materials"),
    path(
        "homework/<int:pk>/materials/<int:material>/",
        views.HomeworkMaterialApi.as_view(),
        name="homework-material",
    ),
    path("lessons/<int:pk>/materials/", views.LessonMaterialsApi.as_view(), name="lesson-materials"),
    path(
        "lessons/<int:pk>/materials/<int:material>/",
        views.LessonMaterialApi.as_view(),
        name="lesson-material",
    ),
]
