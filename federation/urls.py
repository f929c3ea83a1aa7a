"""Pages of the federal operator's console, mounted on the federation host."""

from django.urls import path

from federation import views

app_name = "federation"
urlpatterns = [
    path("regions/", views.regions, name="regions"),
]
