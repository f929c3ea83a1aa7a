from django.urls import path

from federation.api import region_views

urlpatterns = [
    path("sync/releases/", region_views.PendingReleaseListApi.as_view(), name="sync-pending-releases"),
    path("sync/releases/<int:sequence>/defer/", region_views.ReleaseDeferApi.as_view(),
         name="sync-release-defer"),
    path("sync/deferral/", region_views.DeferralCancelApi.as_view(), name="sync-deferral"),
]
