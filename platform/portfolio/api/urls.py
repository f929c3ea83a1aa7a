"""Region API: portfolio."""

from django.urls import path

from portfolio.api import views

urlpatterns = [
    path(
        "pupils/<str:pupil_id>/achievements/",
        views.PupilAchievementsApi.as_view(),
        name="pupil-achievements",
    ),
    path("achievements/", views.AchievementReviewListApi.as_view(), name="achievements"),
    path("achievements/<str:pk>/", views.AchievementDetailApi.as_view(), name="achievement-detail"),
    path("achievements/<str:pk>/confirm/", views.AchievementConfirmApi.as_view(), name="achievement-confirm"),
    path("achievements/<str:pk>/reject/", views.AchievementRejectApi.as_view(), name="achievement-reject"),
]
