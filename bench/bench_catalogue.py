"""Benchmark: the region catalogue's reads on a large catalogue, and what its indexes cost a release.

    .venv/bin/python bench/bench_catalogue.py [--items 100000] [--runs 7] [--plans]

Builds a throwaway database (bench_catalogue_<pid>, dropped afterwards) on the
server DATABASE_URL names, onboards one region and fills its catalogue with
`--items` rows the way a release apply leaves them (Russian titles and
descriptions, search vectors in the 'russian' configuration, 6 kinds, 12
subjects, grades 1–11, 30 collections), plus 50 public withdrawals and 500
items hidden by the region. Then it times, through catalogue.selectors (the
SQL the API and the pages run), median of `--runs`:

    search   find_items(q=…)[:20]: websearch_to_tsquery('russian'), ranked
    filter   find_items(kind, subject, grade)[:20], and its count
    browse   visible_items()[:20], and the count of everything served

once with the region receiving every collection and once with 5 chosen.
`--plans` prints each EXPLAIN ANALYZE. Last, what the catalogue's secondary
indexes cost a release: an apply-style upsert rewriting every row, with the
indexes and without them (rolled back).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pgdb

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
REGION_CODE = "RU-TA"

VOCABULARY = (
    "дроби числа уравнения функции графики треугольники окружности векторы производные интегралы",
    "клетки растения животные экосистемы эволюция генетика атомы молекулы реакции кислоты металлы",
    "силы движение энергия электричество магнетизм оптика волны звук теплота давление",
    "реки горы климат материки океаны население города страны карты",
    "поэзия роман повесть рассказ басня сказка герои сюжет композиция стихотворение",
    "революция война империя реформы княжество государство культура памятники летопись",
    "алгоритмы программы циклы массивы переменные сети данные информация кодирование",
    "глаголы существительные прилагательные причастия деепричастия орфография пунктуация синтаксис",
    "задачи упражнения проверка опыт наблюдение измерение модель практикум лаборатория повторение",
)
WORDS = [word for line in VOCABULARY for word in line.split()]
SUBJECTS = [
    "Математика",
    "Алгебра",
    "Геометрия",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "История",
    "Литература",
    "Русский язык",
    "Информатика",
    "Окружающий мир",
]
KINDS = ["virtual_lab", "self_check_test", "video_lesson", "lesson_scenario", "e_textbook", "presentation"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--plans", action="store_true", help="print every EXPLAIN ANALYZE")
    parser.add_argument("--keep", action="store_true", help="keep the database (and print its name)")
    return parser.parse_args()


def build(items: int) -> Any:
    """Onboard the region and fill its catalogue; returns the region."""
    from django.db import connection

    from accounts.models import Role, User
    from catalogue.models import HiddenItem
    from shared_library.models import Collection, LibraryItem, Withdrawal
    from tenants.context import in_federation, in_region

    region = pgdb.onboarded_region(REGION_CODE, "Республика Татарстан")
    with in_federation():
        collections = [Collection.objects.create(slug=f"c{n}", title=f"Коллекция {n}").id for n in range(30)]
    start = time.perf_counter()
    with in_region(region), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO catalogue_catalogueitem (
                item_id, version_id, version_number, kind, title, description, subjects, grades, topics,
                language, author_organisation, licence, manifest, checksum, collections, search_vector,
                sequence, withdrawn, withdrawn_reason)
            SELECT id, gen_random_uuid(), 1, kinds[1 + n %% 6], title, description,
                   ARRAY[subjects[1 + (n / 6) %% 12]],
                   ARRAY[1 + (n / 72) %% 11, 1 + (n / 72 + 1) %% 11]::smallint[], '{}',
                   'ru', 'Издательство', 'CC BY 4.0',
                   jsonb_build_object('parts',
                                      jsonb_build_array(jsonb_build_object('url', 'https://cdn/' || n))),
                   md5(n::text) || md5(n::text),
                   CASE n %% 4 WHEN 0 THEN '{}'::uuid[]
                        WHEN 3 THEN ARRAY[cols[1 + n %% 30], cols[1 + (n / 7) %% 30]]
                        ELSE ARRAY[cols[1 + n %% 30]] END,
                   setweight(to_tsvector('russian', title), 'A')
                       || setweight(to_tsvector('russian', description), 'B'),
                   1, false, ''
            FROM (
                SELECT n, gen_random_uuid() AS id,
                       initcap(words[1 + (n * 7) %% nw]) || ' ' || words[1 + (n * 13) %% nw] || ': '
                           || words[1 + (n * 31) %% nw] || ', урок ' || n AS title,
                       words[1 + (n * 3) %% nw] || ' ' || words[1 + (n * 17) %% nw] || ' '
                           || words[1 + (n * 19) %% nw] || ' ' || words[1 + (n * 23) %% nw] || ' '
                           || words[1 + (n * 29) %% nw] AS description,
                       kinds, subjects, cols
                FROM generate_series(1, %s) n,
                     (SELECT %s::text[] AS words, cardinality(%s::text[]) AS nw, %s::text[] AS kinds,
                             %s::text[] AS subjects, %s::uuid[] AS cols) c
            ) s
            """,
            [items, WORDS, WORDS, KINDS, SUBJECTS, collections],
        )
        admin = User.objects.get(role=Role.REGION_ADMIN)
        cursor.execute("SELECT item_id FROM catalogue_catalogueitem ORDER BY item_id LIMIT 550")
        sample = cursor.fetchall()
        HiddenItem.objects.bulk_create(HiddenItem(item_id=row[0], hidden_by=admin) for row in sample[50:])
    with in_federation():
        for (item_id,) in sample[:50]:
            LibraryItem.objects.create(id=item_id, kind="video_lesson", created_by="bench")
            Withdrawal.objects.create(item_id=item_id, reason="Изъято", withdrawn_by="bench")
    with in_region(region), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE catalogue_catalogueitem")
    print(f"{items} catalogue rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    region.collections = collections
    return region


def timed(run: Callable[[], Any], runs: int) -> float:
    run()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def reads(region: Any, args: argparse.Namespace) -> None:
    from catalogue import selectors

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("search «дроби» (frequent), page", lambda: selectors.find_items(region=region, q="дроби")),
        ("search «дроби» count", lambda: selectors.find_items(region=region, q="дроби")),
        (
            "search «пунктуация -синтаксис», page",
            lambda: selectors.find_items(region=region, q="пунктуация -синтаксис"),
        ),
        (
            "filter kind+subject+grade, page",
            lambda: selectors.find_items(region=region, kind="virtual_lab", subject="Физика", grade=7),
        ),
        (
            "filter kind+subject+grade count",
            lambda: selectors.find_items(region=region, kind="virtual_lab", subject="Физика", grade=7),
        ),
        ("filter subject only, page", lambda: selectors.find_items(region=region, subject="Физика")),
        ("browse, page", lambda: selectors.find_items(region=region)),
        ("browse count", lambda: selectors.find_items(region=region)),
        ("browse count capped at 10 000", lambda: selectors.find_items(region=region)),
    ]
    for name, make in cases:
        counting = "count" in name

        def run(
            make: Callable[[], Any] = make, counting: bool = counting, capped: bool = "capped" in name
        ) -> Any:
            items = make()
            if capped:
                return selectors.capped_count(items)[0]
            return items.count() if counting else list(items[:20])

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            answer = run()
        ms = timed(run, args.runs)
        shown = answer if counting else len(answer)
        print(f"  {name:<40} {ms:8.1f} ms   ({shown} {'rows' if counting else 'on the page'})")
        if args.plans:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + captured.captured_queries[-1]["sql"])
                print("\n".join("      " + row[0] for row in cursor.fetchall()))


def apply_cost(region: Any, runs: int) -> None:
    """An apply-style upsert rewriting every row, with the secondary indexes and without them."""
    from django.db import connection, transaction

    from tenants.context import in_region

    upsert = """
        INSERT INTO catalogue_catalogueitem AS c SELECT * FROM bench_next
        ON CONFLICT (item_id) DO UPDATE SET title = EXCLUDED.title, sequence = EXCLUDED.sequence,
            search_vector = EXCLUDED.search_vector, kind = EXCLUDED.kind, subjects = EXCLUDED.subjects,
            grades = EXCLUDED.grades, collections = EXCLUDED.collections,
            version_number = EXCLUDED.version_number
        WHERE c.sequence < EXCLUDED.sequence
    """
    with in_region(region), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_next AS SELECT * FROM catalogue_catalogueitem;"
            " UPDATE bench_next SET sequence = 2, version_number = 2, title = title || ' (2)'"
        )
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'catalogue_catalogueitem'"
            " AND schemaname = current_schema() AND indexname NOT LIKE '%%pkey'"
        )
        secondary = [row[0] for row in cursor.fetchall()]
        ways = [("every index", [])]
        ways += [(f"without {name}", [name]) for name in secondary]
        ways += [("primary key only", secondary)]
        for label, dropped in ways:
            samples = []
            for _ in range(max(2, runs // 3)):
                with transaction.atomic():
                    for name in dropped:
                        cursor.execute(f'DROP INDEX "{name}"')
                    start = time.perf_counter()
                    cursor.execute(upsert)
                    samples.append(time.perf_counter() - start)
                    transaction.set_rollback(True)
            rows = cursor.rowcount
            print(f"  apply rewriting {rows} rows, {label:<32} {statistics.median(samples):6.2f} s")


def main() -> None:
    args = parse_args()
    with pgdb.throwaway_database("catalogue", keep=args.keep):
        import django

        django.setup()
        from catalogue.models import CatalogueSettings, ChosenCollection
        from tenants.context import in_region

        region = build(args.items)
        with in_region(region):
            print("every collection:")
            reads(region, args)
            from accounts.models import Role, User

            admin = User.objects.get(role=Role.REGION_ADMIN)
            CatalogueSettings.objects.update_or_create(pk=1, defaults={"all_collections": False})
            ChosenCollection.objects.bulk_create(
                ChosenCollection(collection_id=cid, chosen_by=admin) for cid in region.collections[:5]
            )
            print("5 chosen collections of 30:")
            reads(region, args)
        print("release apply:")
        apply_cost(region, args.runs)


if __name__ == "__main__":
    main()
