"""Pages of the diary, on region hosts."""

from django.urls import path

from diary import views

app_name = "diary"
urlpatterns = [
    path("diary/", views.week, name="week"),
]
