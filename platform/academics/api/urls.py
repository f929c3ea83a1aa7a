"""Region API: the region's settings."""

from django.urls import path

from academics.api import views

urlpatterns = [
    path("settings/", views.RegionSettingsApi.as_view(), name="region-settings"),
    path("grading-scales/", views.GradingScaleListApi.as_view(), name="grading-scales"),
    path(
        "grading-scales/<slug:code>/enable/",
        views.GradingScaleSwitchApi.as_view(enabled=True),
        name="grading-scale-enable",
    ),
    path(
        "grading-scales/<slug:code>/disable/",
        views.GradingScaleSwitchApi.as_view(enabled=False),
        name="grading-scale-disable",
    ),
    path("mark-kinds/", views.MarkKindListApi.as_view(), name="mark-kinds"),
    path("mark-kinds/<slug:code>/", views.MarkKindDetailApi.as_view(), name="mark-kind-detail"),
    path("academic-years/", views.AcademicYearListApi.as_view(), name="academic-years"),
    path("academic-years/<int:pk>/", views.AcademicYearDetailApi.as_view(), name="academic-year-detail"),
]
