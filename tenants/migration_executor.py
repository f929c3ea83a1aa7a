"""How `migrate_schemas` migrates region schemas: only those behind, in parallel.

django-tenants runs the full `migrate` command in every schema even when there
is nothing to do, which for hundreds of regions takes many minutes per deploy.
Here one query finds the schemas that lack any migration the code defines;
only those are migrated, several processes at a time
(TENANT_MULTIPROCESSING_MAX_PROCESSES). The region template is migrated with
them so new regions keep being cloned from the current state.
"""

from __future__ import annotations

from django.db import connection
from django_tenants.migration_executors import get_executor as tenants_get_executor
from django_tenants.migration_executors.base import run_migrations
from django_tenants.migration_executors.multiproc import MultiprocessingExecutor
from django_tenants.utils import get_public_schema_name

from tenants.schemas import expected_migrations, template_schema

# Options under which "behind" is not "lacks a migration": leave those runs alone.
_EXACT_OPTIONS = ("app_label", "migration_name", "fake", "fake_initial", "plan", "prune",
                  "check_unapplied")


def schemas_behind(schemas: list[str]) -> list[str]:
    """The schemas in `schemas` missing any migration the code defines. One query."""
    if not schemas:
        return []
    expected = sorted(f"{app}.{name}" for app, name in expected_migrations())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace n WHERE nspname = ANY(%s)"
            " AND to_regclass(quote_ident(nspname) || '.django_migrations') IS NOT NULL",
            [schemas],
        )
        with_table = [row[0] for row in cursor.fetchall()]
        current: set[str] = set()
        if with_table:
            parts = [
                f"SELECT %(s{i})s WHERE (SELECT count(*) FROM {connection.ops.quote_name(s)}"
                ".django_migrations WHERE app || '.' || name = ANY(%(expected)s)) = %(n)s"
                for i, s in enumerate(with_table)
            ]
            params = {f"s{i}": s for i, s in enumerate(with_table)}
            params |= {"expected": expected, "n": len(expected)}
            cursor.execute(" UNION ALL ".join(parts), params)
            current = {row[0] for row in cursor.fetchall()}
    return [s for s in schemas if s not in current]


class RegionMigrationExecutor(MultiprocessingExecutor):
    codename = "regions"

    def run_migrations(self, tenants: list[str] | None = None) -> None:
        tenants = list(tenants or [])
        public = get_public_schema_name()
        if tenants == [public]:
            run_migrations(self.args, self.options, self.codename, public)
            return
        if not self.options.get("schema_name"):
            # Every region: the template goes along, created on first use.
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {connection.ops.quote_name(template_schema())}")
            tenants.append(template_schema())
        if not any(self.options.get(option) for option in _EXACT_OPTIONS):
            tenants = schemas_behind(tenants)
        if len(tenants) == 1:
            run_migrations(self.args, self.options, self.codename, tenants[0])
        elif tenants:
            super().run_migrations(tenants=tenants)


def get_executor(codename: str | None = None) -> type:
    """GET_EXECUTOR_FUNCTION for django-tenants: ours unless another is named."""
    if codename and codename != RegionMigrationExecutor.codename:
        return tenants_get_executor(codename)
    return RegionMigrationExecutor


