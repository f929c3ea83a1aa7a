"""Ready for Citus schema-based sharding: region schemas stand alone, distribution is one hook.

Citus itself is not installable on the test machine, so the distributing path
is checked only up to the call it makes (see deploy/SCALING.md).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Domain, Region
from tenants.schemas import foreign_keys_leaving, template_schema
from tenants.services.onboarding import onboard_region, run_onboarding
from tests import factories

pytestmark = pytest.mark.django_db

TA = {"code": "RU-TA", "name": "Республика Татарстан", "time_zone": "Europe/Moscow",
      "admin_email": "admin@ta.example"}


def foreign_key_count(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
            " WHERE k.contype = 'f' AND c.relnamespace = %s::regnamespace", [schema],
        )
        return cursor.fetchone()[0]


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_no_region_table_references_a_table_outside_its_schema() -> None:
    region = factories.region("RU-TA")

    for schema in (template_schema(), region.schema_name):
        # Regions do have foreign keys, all between their own tables.
        assert foreign_key_count(schema) > 20, schema
        assert foreign_keys_leaving(schema) == [], schema


def test_a_foreign_key_into_public_is_found() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE SCHEMA fk_probe;
            CREATE TABLE fk_probe.school (id bigint PRIMARY KEY);
            CREATE TABLE fk_probe.pupil (
                id bigint PRIMARY KEY,
                school_id bigint CONSTRAINT pupil_school_fk REFERENCES fk_probe.school (id),
                region_id bigint CONSTRAINT pupil_region_fk REFERENCES public.tenants_region (id)
            );
            """
        )

    assert foreign_key_count("fk_probe") == 2
    assert foreign_keys_leaving("fk_probe") == ["pupil.pupil_region_fk -> public.tenants_region"]


def test_without_the_citus_setting_onboarding_calls_no_citus_function(settings) -> None:
    assert settings.CITUS_DISTRIBUTE_REGION_SCHEMAS is False  # the default, on plain PostgreSQL

    with CaptureQueriesContext(connection) as queries:
        run = onboard_region(**TA)

    assert run.state == "done"
    assert any("CREATE SCHEMA" in q["sql"] for q in queries.captured_queries)
    assert not [q["sql"] for q in queries.captured_queries if "citus" in q["sql"].lower()]


def test_with_the_citus_setting_the_new_schema_is_distributed_in_the_same_step(settings) -> None:
    # Plain PostgreSQL has no citus_schema_distribute: the call is made, fails,
    # and takes the region's row, host and schema down with it.
    settings.CITUS_DISTRIBUTE_REGION_SCHEMAS = True

    run = onboard_region(**TA)

    assert run.state == "failed"
    assert run.error.startswith("create_region:") and "citus_schema_distribute" in run.error
    assert not schema_exists("region_ru_ta")
    assert not Region.objects.exists() and not Domain.objects.exists()

    settings.CITUS_DISTRIBUTE_REGION_SCHEMAS = False
    assert run_onboarding(run.pk).state == "done"
    assert schema_exists("region_ru_ta")
