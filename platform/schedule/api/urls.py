"""Region API: schedule."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
