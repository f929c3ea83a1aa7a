"""Region API: the teacher's journal. /api/v1/lessons/ and /api/v1/lessons/<id>/ belong to schedule."""

from django.urls import path

from journal.api import views

urlpatterns = [
    path("journal/", views.JournalApi.as_view(), name="journal"),
    path("lessons/<int:pk>/marks/", views.LessonMarksApi.as_view(), name="lesson-marks"),
    path("marks/<int:pk>/", views.MarkApi.as_view(), name="mark-detail"),
    path("marks/<int:pk>/history/", views.MarkHistoryApi.as_view(), name="mark-history"),
    path("lessons/<int:pk>/attendance/", views.LessonAttendanceApi.as_view(), name="lesson-attendance"),
    path("lessons/<int:pk>/homework/", views.LessonHomeworkApi.as_view(), name="lesson-homework"),
    path("homework/<int:pk>/", views.HomeworkApi.as_view(), name="homework-detail"),
    path(
        "homework/<int:pk>/attachments/<int:attachment>/file/",
        views.HomeworkAttachmentFileApi.as_view(),
        name="homework-attachment-file",
    ),
    path("final-marks/", views.FinalMarksApi.as_view(), name="final-marks"),
]
