from django.apps import AppConfig


class ConsolesConfig(AppConfig):
    """The console pages' foundation: layout, static files, list and confirmation helpers."""

    name = "consoles"
