from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Regions"

    def ready(self) -> None:
        from tenants import routing

        routing.connect_invalidation()
