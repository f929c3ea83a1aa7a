"""Onboarding: idempotent, resumable after a failed step, atomic on failure."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection

from accounts.models import Role, User
from myschool.errors import ApplicationError, Conflict
from tenants.context import in_region
from tenants.models import Domain, OnboardingRun, Region, RegionStatus
from tenants.services import onboarding
from tenants.services.onboarding import onboard_region, run_onboarding
from tests import factories

pytestmark = pytest.mark.django_db

MOS = {"code": "RU-MOS", "name": "Московская область", "time_zone": "Europe/Moscow",
       "admin_email": "admin@mos.example"}


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_onboarding_creates_an_active_region_with_schema_host_and_admin(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = onboard_region(**MOS)

    assert run.state == "done"
    assert [(s.name, s.state) for s in run.steps.all()] == [
        ("create_region", "done"), ("create_admin", "done"), ("backfill_catalogue", "done"),
        ("activate", "done"),
    ]
    region = Region.objects.get(code="RU-MOS")
    assert (region.schema_name, region.status) == ("region_ru_mos", RegionStatus.ACTIVE)
    assert region.get_primary_domain().domain == "mos.myschool.localhost"
    assert schema_exists("region_ru_mos")
    with in_region(region):
        admin = User.objects.get(email="admin@mos.example")
    assert admin.role == Role.REGION_ADMIN and not admin.has_usable_password()
    assert "http://mos.myschool.localhost:8000/password/set/" in mail.outbox[0].body


def test_running_again_is_a_no_op_never_a_second_region() -> None:
    first = onboard_region(**MOS)
    again = onboard_region(**{**MOS, "code": " ru-mos "})

    assert again.pk == first.pk and again.state == "done"
    assert Region.objects.count() == 1 and OnboardingRun.objects.count() == 1
    assert [s.attempts for s in again.steps.all()] == [1, 1, 1, 1]


def test_same_code_with_other_details_is_a_conflict() -> None:
    onboard_region(**MOS)
    with pytest.raises(Conflict) as error:
        onboard_region(**{**MOS, "name": "Подмосковье"})
    assert "code" in error.value.fields


def test_failure_in_a_middle_step_is_recorded_and_resumes_there(monkeypatch) -> None:
    def broken_mail_server(run: OnboardingRun) -> None:
        raise ConnectionError("mail server down")

    monkeypatch.setitem(onboarding.STEPS, "create_admin", broken_mail_server)
    run = onboard_region(**MOS)

    assert run.state == "failed"
    assert run.error == "create_admin: ConnectionError: mail server down"
    assert [(s.name, s.state) for s in run.steps.all()] == [
        ("create_region", "done"), ("create_admin", "failed"), ("backfill_catalogue", "pending"),
        ("activate", "pending"),
    ]
    region = Region.objects.get(code="RU-MOS")
    assert region.status == RegionStatus.ONBOARDING and schema_exists(region.schema_name)

    monkeypatch.undo()
    resumed = run_onboarding(run.pk)

    assert resumed.state == "done"
    assert [(s.name, s.attempts) for s in resumed.steps.all()] == [
        ("create_region", 1), ("create_admin", 2), ("backfill_catalogue", 1), ("activate", 1),
    ]
    region.refresh_from_db()
    assert region.status == RegionStatus.ACTIVE


def test_failed_schema_creation_leaves_no_schema_row_or_host(monkeypatch) -> None:
    real_create = onboarding.create_region_schema

    def create_then_fail(schema: str) -> str:
        real_create(schema)
        assert schema_exists(schema)
        raise RuntimeError("disk full")

    monkeypatch.setattr(onboarding, "create_region_schema", create_then_fail)
    run = onboard_region(**MOS)

    assert run.state == "failed" and "disk full" in run.error
    assert not schema_exists("region_ru_mos")
    assert not Region.objects.exists() and not Domain.objects.exists()

    monkeypatch.undo()
    assert run_onboarding(run.pk).state == "done"
    assert schema_exists("region_ru_mos")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "MOS", "not a region code"),
        ("code", "RU-XX", "not a region of the Russian Federation"),
        ("name", "   ", "required"),
        ("time_zone", "Mars/Olympus", "IANA time zone"),
        ("admin_email", "admin-at-mos", "not a valid e-mail"),
        ("domain", "bad host!", "not a valid host name"),
        ("domain", "myschool.localhost", "federation's own host"),
        ("domain", "school.attacker.example", "custom domains are not allowed"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(field, value, message) -> None:
    with pytest.raises(ApplicationError) as error:
        onboard_region(**{**MOS, field: value})

    assert list(error.value.fields) == [field]
    assert message in error.value.fields[field][0]
    assert not OnboardingRun.objects.exists() and not Region.objects.exists()
    assert not schema_exists("region_ru_mos")


def test_a_custom_domain_needs_the_operators_explicit_setting(settings) -> None:
    settings.ONBOARDING_ALLOW_CUSTOM_DOMAINS = True
    run = onboard_region(**{**MOS, "domain": "school.mos.example"})

    assert run.state == "done"
    assert Domain.objects.get(tenant__code="RU-MOS").domain == "school.mos.example"


def test_a_host_already_taken_is_refused() -> None:
    factories.region("RU-MOW")
    with pytest.raises(Conflict) as error:
        onboard_region(**{**MOS, "domain": "mow.myschool.localhost"})
    assert "domain" in error.value.fields
    assert not Region.objects.filter(code="RU-MOS").exists()
