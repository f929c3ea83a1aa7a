"""Pages of the journal, on region hosts. Writing goes through the journal API."""

from django.urls import path

from journal import views

app_name = "journal"
urlpatterns = [
    path("journal/", views.grid, name="grid"),
]
