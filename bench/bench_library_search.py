"""Benchmark: the library's full-text search uses its GIN index, and what that is worth.

    .venv/bin/python bench/bench_library_search.py [--items 5000] [--repeat 50]

Builds a throwaway database (bench_library_<pid>, dropped afterwards) on the
server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432), bulk-writes
`--items` library items, 90 % published (texts of made-up words with Zipf-like
frequencies, plus a few Russian words in 1–30 % of them; checksums and search
vectors by the project's own code and SQL), runs ANALYZE and nothing else
(no VACUUM: the index must be usable straight after a bulk load), then for a
few searches of shared_library.selectors.search_versions prints:

  - whether the plan reads item_version_search_idx (it must for words in under
    10 % of the versions; for a word in 30 % a sequential scan is the better plan);
  - the median time of the query's first page with the plan PostgreSQL chose,
    and with bitmap scans disabled (a sequential scan of every version), as a ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import pgdb

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
INDEX = "item_version_search_idx"
SYLLABLES = ["ба", "ве", "го", "ду", "жи", "зо", "ка", "ле", "ми", "но", "пу", "ро", "са", "ти", "фу", "ше"]
# Words a title or description may carry, with the share of versions that carry them.
TAGGED = [("виртуальная лаборатория", 0.01), ("электрический ток", 0.05), ("энергия", 0.05), ("урок", 0.3)]
SUBJECTS = ["physics", "chemistry", "algebra", "geometry", "history", "biology", "geography", "russian"]
KINDS = ["virtual_lab", "self_check_test", "video_lesson", "lesson_scenario", "e_textbook", "presentation"]
QUERIES = [  # (label, selector arguments, share of rows matching: the index must serve those under 10 %)
    ("1 % word, other form", {"q": "лабораторией"}, 0.01),
    ("5 % two words", {"q": "электрического тока"}, 0.05),
    ("5 % word + grade", {"q": "энергии", "grade": 8}, 0.01),
    ("1 % phrase, any state", {"q": '"виртуальная лаборатория"', "state": None, "withdrawn": None}, 0.01),
    ("30 % word", {"q": "уроки"}, 0.3),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=50)
    return parser.parse_args()


def fill(count: int) -> None:
    """`count` items, 90 % published, with the project's checksum and search-vector SQL."""
    from django.db import connection, transaction

    from shared_library.content import content_checksum
    from shared_library.models import ItemVersion, LibraryItem, VersionState
    from shared_library.services.versions import write_search_vectors

    rng = random.Random(2026)
    # 2 000 made-up words, used with Zipf-like frequencies, as the filler of the texts.
    vocabulary = ["".join(rng.choices(SYLLABLES, k=4)) for _ in range(2000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def text(words: int, *, tagged: bool = False) -> str:
        tags = [tag for tag, share in TAGGED if tagged and rng.random() < share]
        return " ".join(rng.choices(vocabulary, weights, k=words) + tags)

    with transaction.atomic():
        items = LibraryItem.objects.bulk_create(
            [LibraryItem(kind=rng.choice(KINDS), created_by="bench") for _ in range(count)], batch_size=5000
        )
        versions = []
        for n, item in enumerate(items):
            media = {"url": f"https://media.example/{n}.mp4", "sha256": f"{n:064x}", "size": 1000,
                     "mime": "video/mp4"}
            content = {
                "title": text(3).capitalize(), "description": text(12, tagged=True),
                "subjects": [rng.choice(SUBJECTS)], "grades": sorted(rng.sample(range(1, 12), 2)),
                "topics": [text(2)], "language": "ru", "author_organisation": "Бенчмарк",
                "licence": "CC BY 4.0", "manifest": {"parts": [{"title": "Часть 1", "media": [media]}]},
            }
            versions.append(ItemVersion(
                item=item, number=1, created_by="bench", checksum=content_checksum(item.kind, content),
                state=VersionState.PUBLISHED if n % 10 else VersionState.DRAFT, **content,
            ))
        ItemVersion.objects.bulk_create(versions, batch_size=5000)
        write_search_vectors([v.pk for v in versions])
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE shared_library_libraryitem i SET published_version_id = v.id"
                " FROM shared_library_itemversion v WHERE v.item_id = i.id AND v.state = 'published'"
            )
            cursor.execute("ANALYZE shared_library_itemversion; ANALYZE shared_library_libraryitem;"
                           " ANALYZE shared_library_withdrawal")


def timed(queryset: object, repeat: int, *, seqscan: bool) -> float:
    from django.db import connection, transaction

    samples = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL enable_bitmapscan = {'off' if seqscan else 'on'}")
        for _ in range(repeat):
            started = time.perf_counter()
            list(queryset.all()[:20])
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from shared_library.selectors import search_versions

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(args.items)
    print(f"{args.items} items written in {time.perf_counter() - started:.1f} s (ANALYZE, no VACUUM)\n")
    print(f"{'query':<24}{'matches':>8}{'index':>7}{'chosen ms':>11}{'seq ms':>9}{'ratio':>8}")
    failures = 0
    for label, arguments, share in QUERIES:
        queryset = search_versions(**arguments)
        plan = queryset[:20].explain()
        uses_index = INDEX in plan
        failures += share < 0.1 and not uses_index
        chosen = timed(queryset, args.repeat, seqscan=False)
        seq = timed(queryset, args.repeat, seqscan=True)
        print(f"{label:<24}{queryset.count():>8}{'yes' if uses_index else 'NO':>7}"
              f"{chosen * 1000:>11.2f}{seq * 1000:>9.2f}{seq / chosen:>7.1f}x")
        if share < 0.1 and not uses_index:
            print(plan)
    return 1 if failures else 0


def main() -> int:
    args = parse_args()
    with pgdb.throwaway_database("library"):
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
