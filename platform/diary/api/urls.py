"""Region API: diary."""

from django.urls import path

from diary.api import views

urlpatterns = [
    path("diary/", views.DiaryWeekApi.as_view(), name="diary-week"),
    path("diary/averages/", views.SubjectAveragesApi.as_view(), name="diary-averages"),
    path("children/", views.ChildrenApi.as_view(), name="children"),
]
