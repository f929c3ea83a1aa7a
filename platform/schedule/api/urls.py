"""Region API: schedule. /api/v1/class-groups/<id>/ itself belongs to the schools app."""

from django.urls import path

from schedule.api import views

urlpatterns = [
    path(
        "class-groups/<int:pk>/timetable/",
        views.ClassGroupTimetableApi.as_view(),
        name="class-group-timetable",
    ),
    path(
        "class-groups/<int:pk>/timetable/generate/",
        views.TimetableGenerateApi.as_view(),
        name="class-group-timetable-generate",
    ),
    path("timetable-entries/<int:pk>/", views.TimetableEntryApi.as_view(), name="timetable-entry"),
    path("lessons/", views.LessonListApi.as_view(), name="lesson-list"),
    path("lessons/<int:pk>/", views.LessonDetailApi.as_view(), name="lesson-detail"),
    path("lessons/<int:pk>/cancel/", views.LessonCancelApi.as_view(), name="lesson-cancel"),
]
