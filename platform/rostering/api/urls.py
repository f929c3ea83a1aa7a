"""Region API: rostering (OneRoster 1.2 import and export)."""

from django.urls import path

from rostering.api import views

urlpatterns = [
    path("roster/imports/", views.ImportListApi.as_view(), name="roster-imports"),
    path("roster/imports/<str:pk>/", views.ImportDetailApi.as_view(), name="roster-import-detail"),
    path("roster/imports/<str:pk>/apply/", views.ImportApplyApi.as_view(), name="roster-import-apply"),
    path("roster/export/", views.ExportApi.as_view(), name="roster-export"),
    path("roster/people/<str:pk>/personal-data/", views.PersonalDataApi.as_view(), name="personal-data"),
]
