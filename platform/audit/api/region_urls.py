from django.urls import path

from audit.api import views

urlpatterns = [path("audit/", views.RegionAuditApi.as_view(), name="region-audit")]
