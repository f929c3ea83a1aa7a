"""URLs of a region host (<slug>.BASE_DOMAIN): the regional segment."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
]
