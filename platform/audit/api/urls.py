from django.urls import path

from audit.api import views

urlpatterns = [path("audit/", views.FederalAuditApi.as_view(), name="federal-audit")]
