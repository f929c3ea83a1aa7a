from django.urls import path

from federation.api import views

urlpatterns = [
    path("releases/", views.ReleaseListApi.as_view(), name="release-list"),
    path("releases/<int:sequence>/", views.ReleaseDetailApi.as_view(), name="release-detail"),
    path("releases/<int:sequence>/promote/", views.ReleasePromoteApi.as_view(), name="release-promote"),
    path("releases/<int:sequence>/regions/<str:code>/diff/", views.ReleaseDiffApi.as_view(),
         name="release-diff"),
    path("sync/regions/", views.RegionSyncListApi.as_view(), name="region-sync-list"),
    path("sync/regions/<str:code>/retry/", views.RegionSyncRetryApi.as_view(), name="region-sync-retry"),
]
