from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Publishing to regions")

    def ready(self) -> None:
        from federation import receivers
        from federation.selectors import sync_lag_by_region
        from myschool.metrics import register_region_gauge

        receivers.connect()

        register_region_gauge(
            "myschool_region_sync_lag",
            "Releases a region has not applied yet (latest sequence minus the region's).",
            sync_lag_by_region,
        )
