"""Benchmark: publish a release of 100 000 library items to 89 regions, and withdraw one.

    .venv/bin/python bench/bench_publish.py [--items 100000] [--regions 89] [--raw-regions 8]
                                      [--orm-rows 2000] [--workers 2]

Builds a throwaway database (bench_publish_<pid>, dropped afterwards) on the
server DATABASE_URL names, onboards the regions (ISO 3166-2 lists 83 Russian
subdivisions; regions beyond those get bench-only codes and are made the same
way), fills the central library with `--items` published items, then measures
in one run, in item-rows per second (one item written into one region):

  publish   the real path: cut_release (entries + outbox in one transaction),
            the outbox dispatch, the fan-out, and `--workers` Celery worker
            processes on the broker applying it region by region, each region
            and release in one set-based transaction with its bookkeeping; timed
            from the cut to the last region done;
  raw       the PostgreSQL limit: a plain INSERT ... SELECT of the same rows
            into the same table (same indexes), no bookkeeping, `--workers`
            connections in parallel, over `--raw-regions` empty catalogues;
  orm       a naive ORM loop: update_or_create per row, reading each row's
            entry and version through the ORM, over `--orm-rows` rows.

Then withdraws one item and prints the seconds until no region serves it
(the withdrawal fast path), and until its withdrawal release is applied in
every region. Targets (issue 4): publish >= 50 % of raw and >= 100x orm;
withdrawal invisible everywhere in <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pgdb

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
OPERATOR = "bench-releases@federation.example"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--regions", type=int, default=89)
    parser.add_argument("--raw-regions", type=int, default=8,
                        help="catalogues the raw baseline fills (default 8)")
    parser.add_argument("--orm-rows", type=int, default=2000, help="rows of the ORM loop (default 2000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="worker processes and raw connections (default: cores)")
    args = parser.parse_args()
    if min(args.items, args.regions, args.raw_regions, args.orm_rows, args.workers) < 1:
        parser.error("every count must be at least 1")
    args.raw_regions = min(args.raw_regions, args.regions)
    return args


# --- set-up ---------------------------------------------------------------------------------


def build_regions(count: int) -> list:
    import pycountry

    from tenants.codes import schema_name_for
    from tenants.models import Domain, Region, RegionStatus
    from tenants.schemas import create_region_schema
    from tenants.services.onboarding import onboard_region

    iso = sorted(s.code for s in pycountry.subdivisions.get(country_code="RU"))
    for code in iso[:count]:
        run = onboard_region(code=code, name=code, time_zone="Europe/Moscow",
                             admin_email=f"admin@{code.lower()}.example")
        assert run.state == "done", run.error
    for n in range(count - len(iso)):
        # Bench-only codes for the subjects ISO 3166-2 does not list (yet).
        code = f"RU-X{chr(ord('A') + n // 26)}{chr(ord('A') + n % 26)}"
        assert code not in iso
        region = Region.objects.create(code=code, name=code, time_zone="Europe/Moscow",
                                       schema_name=schema_name_for(code), status=RegionStatus.ACTIVE)
        Domain.objects.create(domain=f"{code.lower()}.bench.example", tenant=region, is_primary=True)
        create_region_schema(region.schema_name)
    return list(Region.objects.order_by("code"))


def fill_library(items: int) -> None:
    """`items` published items with Russian metadata and manifests, all pending release."""
    from django.db import connection

    from shared_library.services.versions import write_search_vectors

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO shared_library_libraryitem
                (id, kind, origin_region_code, release_pending, created_by, created_at, updated_at)
            SELECT gen_random_uuid(),
                   (ARRAY['virtual_lab','self_check_test','video_lesson','lesson_scenario',
                          'e_textbook','presentation'])[1 + n %% 6],
                   '', true, 'bench@federation.example', now(), now()
            FROM generate_series(1, %s) n
            """,
            [items],
        )
        cursor.execute(
            """
            WITH numbered AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM shared_library_libraryitem
            )
            INSERT INTO shared_library_itemversion
                (id, item_id, number, title, description, subjects, grades, topics, language,
                 author_organisation, licence, manifest, checksum, state, review_note, created_by,
                 reviewed_by, created_at, submitted_at, reviewed_at, published_at)
            SELECT gen_random_uuid(), id, 1,
                   'Лабораторная работа № ' || n || ': ' || topic,
                   'Виртуальная лаборатория для самостоятельной работы учащихся. Тема: ' || topic
                       || '. Измерения, опыты и задачи для проверки понимания.',
                   ARRAY[subject], ARRAY[7 + n %% 5, 8 + n %% 4]::smallint[], ARRAY[topic], 'ru',
                   'Издательство «Просвещение»', 'CC BY 4.0',
                   jsonb_build_object('parts', jsonb_build_array(jsonb_build_object(
                       'title', 'Часть 1', 'media', jsonb_build_array(jsonb_build_object(
                           'url', 'https://media.example/' || id || '/lab.mp4',
                           'sha256', encode(sha256(id::text::bytea), 'hex'),
                           'size', 1000000 + n, 'mime', 'video/mp4'))))),
                   encode(sha256((id::text || n)::bytea), 'hex'), 'published', '',
                   'bench@federation.example', 'bench@federation.example', now(), now(), now(), now()
            FROM numbered,
                 LATERAL (SELECT (ARRAY['physics','chemistry','biology','mathematics','geography',
                                        'history'])[1 + n %% 6] AS subject,
                                 (ARRAY['Закон Ома','Плотность вещества','Фотосинтез','Дроби',
                                        'Климат России','Смутное время','Электролиз',
                                        'Движение тел'])[1 + n %% 8] AS topic) t
            """,
            [],
        )
        cursor.execute("SELECT id FROM shared_library_itemversion")
        write_search_vectors([row[0] for row in cursor.fetchall()])
        cursor.execute(
            "UPDATE shared_library_libraryitem i SET published_version_id = v.id"
            " FROM shared_library_itemversion v WHERE v.item_id = i.id"
        )
        cursor.execute("ANALYZE")


def release_manager():
    from accounts.services import create_federal_operator
    from shared_library.services.grants import grant_capability

    user = create_federal_operator(email=OPERATOR, password="bench-operator-2026-long")
    for capability in ("edit", "moderate", "release"):
        grant_capability(user=user, capability=capability)
    return user


def start_workers(count: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "myschool", "worker", "-Q", "sync", "--concurrency",
         str(count), "--prefetch-multiplier", "1", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )


# --- the three ways -------------------------------------------------------------------------


def publish(actor, regions: int) -> tuple[float, float]:
    """Cut the release and wait for every region; return (seconds to cut, seconds to done)."""
    from federation.models import Delivery
    from federation.services.releases import cut_release

    start = time.perf_counter()
    release = cut_release(actor=actor, notes="bench")
    cut = time.perf_counter() - start
    while Delivery.objects.filter(release=release, state="done").count() < regions:
        failed = Delivery.objects.filter(release=release, state="failed").first()
        if failed is not None:
            raise SystemExit(f"{failed.region_id} failed: {failed.last_error}")
        time.sleep(0.05)
    return cut, time.perf_counter() - start


def raw_insert(schemas: list[str], workers: int, sequence: int) -> float:
    """Plain INSERT ... SELECT of the release's rows into empty catalogues; seconds."""
    import psycopg
    from django.conf import settings

    from catalogue import replica
    from federation.apply import release_rows_sql

    db = settings.DATABASES["default"]
    dsn = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"

    def fill(schema: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(
                f"INSERT INTO {replica.item_table(schema)} ({', '.join(replica.columns())})"
                f" {release_rows_sql()}", [sequence]
            )

    with psycopg.connect(dsn, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f'TRUNCATE "{schema}".catalogue_catalogueitem')
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fill, schemas))
    return time.perf_counter() - start


def orm_loop(schema: str, sequence: int, rows: int) -> float:
    """update_or_create per row, everything read through the ORM; seconds for `rows` rows."""
    from catalogue.models import CatalogueItem
    from federation.models import ReleaseEntry
    from tenants.context import in_region

    entries = list(ReleaseEntry.objects.filter(release_id=sequence).values_list("pk", flat=True)[:rows])
    with in_region(schema):
        CatalogueItem.objects.filter(item_id__in=ReleaseEntry.objects.filter(pk__in=entries)
                                     .values("item_id")).delete()
        start = time.perf_counter()
        for pk in entries:
            entry = ReleaseEntry.objects.select_related("version", "item").get(pk=pk)
            version = entry.version
            CatalogueItem.objects.update_or_create(
                item_id=entry.item_id,
                defaults={
                    "version_id": version.pk, "version_number": version.number, "kind": entry.item.kind,
                    "title": version.title, "description": version.description,
                    "subjects": version.subjects, "grades": version.grades, "topics": version.topics,
                    "language": version.language, "author_organisation": version.author_organisation,
                    "licence": version.licence, "manifest": version.manifest, "checksum": version.checksum,
                    "collections": entry.collections, "search_vector": version.search_vector,
                    "sequence": sequence, "withdrawn": entry.action == "withdraw",
                    "withdrawn_reason": entry.withdrawn_reason,
                },
            )
        return time.perf_counter() - start


def withdrawal(actor, regions: list) -> tuple[float, float]:
    """Withdraw one item; seconds until no region serves it, and until its release is applied."""
    from catalogue.selectors import visible_items
    from federation.models import Delivery
    from federation.services.releases import cut_release
    from shared_library.models import LibraryItem
    from shared_library.services.moderation import withdraw_item
    from tenants.context import in_region

    item = LibraryItem.objects.order_by("?").first()
    start = time.perf_counter()
    withdraw_item(item=item, reason="Решение суда (бенчмарк)", actor=actor)
    serving = list(regions)
    while serving:
        still = []
        for region in serving:
            with in_region(region):
                if visible_items(region=region).filter(item_id=item.pk).exists():
                    still.append(region)
        serving = still
    invisible = time.perf_counter() - start
    release = cut_release(actor=actor, notes="withdrawal")
    while Delivery.objects.filter(release=release, state="done").count() < len(regions):
        time.sleep(0.02)
    return invisible, time.perf_counter() - start


def main() -> None:
    args = parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench_publish_")
    # The worker processes it starts see the same environment.
    environment = {
        "MYSCHOOL_DATA_DIR": data_dir,  # the server-less broker's folders, when no broker is set
        "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
    }
    workers = None
    with pgdb.throwaway_database("publish", **environment):
        try:
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connections

            call_command("migrate", interactive=False, verbosity=0)
            start = time.perf_counter()
            regions = build_regions(args.regions)
            print(f"{len(regions)} regions onboarded in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            start = time.perf_counter()
            fill_library(args.items)
            print(f"{args.items} library items in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            actor = release_manager()
            connections.close_all()
            workers = start_workers(args.workers, dict(os.environ))

            cut, published = publish(actor, len(regions))
            rows = args.items * len(regions)
            raw = raw_insert([r.schema_name for r in regions[: args.raw_regions]], args.workers, 1)
            raw_rows = args.items * args.raw_regions
            orm_rows = min(args.orm_rows, args.items)
            orm = orm_loop(regions[0].schema_name, 1, orm_rows)
            # Put back what the baselines replaced, so every region is whole again.
            from federation.services.reconcile import reconcile_region

            for region in regions[: args.raw_regions]:
                reconcile_region(region=region, repair=True)
            invisible, withdrawn_everywhere = withdrawal(actor, regions)

            ours, raw_rate, orm_rate = rows / published, raw_rows / raw, orm_rows / orm
            print(f"\nrelease of {args.items} items to {len(regions)} regions = {rows} item-rows, "
                  f"{args.workers} worker processes")
            table = [
                (f"publish (cut {cut:.1f} s + fan-out + apply)", published, ours),
                (f"raw INSERT ... SELECT, {args.raw_regions} regions", raw, raw_rate),
                (f"naive ORM loop, {orm_rows} rows", orm, orm_rate),
            ]
            for label, seconds, rate in table:
                print(f"  {label:<44} {seconds:8.1f} s {rate:12,.0f} rows/s")
            print(f"  publish / raw = {ours / raw_rate:.0%} (target >= 50 %); "
                  f"publish / orm = {ours / orm_rate:,.0f}x (target >= 100x)")
            print(f"withdrawal: invisible in all {len(regions)} regions after {invisible:.3f} s "
                  f"(target <= 5 s); its release applied everywhere after {withdrawn_everywhere:.1f} s")
        finally:
            if workers is not None:
                workers.terminate()
                workers.wait(timeout=60)


if __name__ == "__main__":
    main()
