from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedLibraryConfig(AppConfig):
    name = "shared_library"
    verbose_name = _("Central library")
