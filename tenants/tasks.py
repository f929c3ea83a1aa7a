"""Background work of the tenants app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from tenants.models import RunState
from tenants.services.onboarding import run_onboarding


class OnboardingStepFailed(Exception):
    pass


@shared_task(
    acks_late=True,
    autoretry_for=(OnboardingStepFailed,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=3,
)
def run_onboarding_task(run_id: str, region_code: str) -> str:
    """Run (or resume) onboarding run `run_id` for region `region_code`. Idempotent.

    The run works in the public schema and enters the new region's schema itself.
    A failed step is retried with backoff; its state stays visible on the run.
    """
    run = run_onboarding(run_id)
    if run.state == RunState.FAILED:
        raise OnboardingStepFailed(f"{region_code}: {run.error}")
    return run.state
