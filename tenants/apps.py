from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Regions"

    def ready(self) -> None:
        from myschool.metrics import register_region_gauge
        from tenants import routing, selectors
        from tenants.models import RegionStatus, RunState

        routing.connect_invalidation()
        register_region_gauge(
            "myschool_region_status",
            "1 for the region's status (onboarding, active, suspended), 0 for the others.",
            selectors.status_by_region,
            states=RegionStatus.values,
        )
        register_region_gauge(
            "myschool_region_onboarding_state",
            "1 for the state of the region's onboarding run (pending, running, done, failed),"
            " 0 for the others.",
            selectors.onboarding_state_by_region,
            states=RunState.values,
        )
