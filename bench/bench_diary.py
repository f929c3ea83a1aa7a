"""Benchmark: a mixed diary read load on a large synthetic region, with and without tenant routing.

    .venv/bin/python bench/bench_diary.py [--pupils 10000 --schools 20 --weeks 8] [--workers 2]

Builds a throwaway database (bench_diary_<pid>, dropped afterwards) on the
server DATABASE_URL names (default postgres://postgres@127.0.0.1:5432), fills
a region with `generate_synthetic_region`, then sends the region API a mix of
what its people read most:

    50 %  a pupil's diary week          GET /api/v1/diary/?week_of=
    20 %  a parent's child's diary week GET /api/v1/diary/?pupil=&week_of=
    10 %  a pupil's averages            GET /api/v1/diary/averages/?period=
    20 %  a teacher's journal           GET /api/v1/journal/?class_group=&subject=&period=

Requests go through Django's whole WSGI stack (every middleware, token
authentication, DRF, JSON rendering) in-process, from `--workers` processes
at once, without a network hop or an HTTP server in front, so the figures are
the application's and the database's cost. Each worker calls the production
WSGI handler as a WSGI server does (environ in, body out, response closed, so
Django's request signals run: connection age and health checks), with the
production setting DEBUG off. Every response must be 200.

The same requests run in alternating rounds two ways, all workers in the same
way at once:
  routed  the project's middleware: the host name picks the region
          (tenants.routing, its cached lookup and schema switch) - production;
  direct  the region is fixed once per process and a stub middleware hands
          the view request.region: the same view without routing.
The routing overhead is routed against direct throughput.
Targets (issue 3): p95 <= 50 ms, >= 300 requests/s, routing overhead <= 10 %.

This is a virtual machine whose host sometimes slows it down by half: the
figures end with the time a fixed pure-Python loop took before and after the
load, to tell a slow run from a slow machine.
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pgdb

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
TODAY = date(2026, 11, 25)  # a Wednesday in the 2nd quarter of 2026/2027
REGION_CODE = "RU-TA"
MIX = [("pupil_week", 50), ("parent_week", 20), ("averages", 10), ("journal", 20)]
TARGETS = {"p95_ms": 50.0, "rps": 300.0, "overhead": 0.10}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=8, help="school weeks of journal data (default 8)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="load processes (default: cores)"
    )
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each way (default 6)")
    parser.add_argument(
        "--requests", type=int, default=150, help="requests per worker per round (default 150)"
    )
    args = parser.parse_args()
    if min(args.schools, args.pupils, args.weeks, args.workers, args.rounds, args.requests) < 1:
        parser.error("every count must be at least 1")
    return args


# --- set-up, in the parent process ---------------------------------------------------------


def build_region(args: argparse.Namespace) -> None:

    from demo.synthetic import SyntheticSize, generate_synthetic_region
    from tenants.context import in_region

    region = pgdb.onboarded_region(REGION_CODE, "Республика Татарстан")
    start = time.perf_counter()
    with in_region(region):
        counts = generate_synthetic_region(
            region=region,
            size=SyntheticSize(args.schools, args.pupils, args.weeks),
            today=TODAY,
            progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True),
        )
    print(f"synthetic region: {counts} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def plan_requests(count: int, seed: int) -> list[tuple[str, str, str]]:
    """`count` requests of the mix: (kind, URL, token), for people and weeks drawn at random."""
    from academics.selectors import period_on
    from accounts.models import ApiToken, Role, User
    from schools.models import ClassGroup, Guardianship, TeachingAssignment
    from tenants.context import in_region

    rng = random.Random(seed)
    with in_region(region_schema()):
        pupils = list(User.objects.filter(role=Role.PUPIL).order_by("?")[:300])
        links = list(Guardianship.objects.order_by("?")[:150])
        assignments = list(
            TeachingAssignment.objects.select_related("class_group__academic_year").order_by("?")[:150]
        )
        groups = {g.pk: g for g in ClassGroup.objects.select_related("academic_year")}
        tokens = {
            u: ApiToken.objects.get_or_create(user_id=u)[0].key
            for u in {p.pk for p in pupils}
            | {g.parent_id for g in links}
            | {a.teacher_id for a in assignments}
        }
        period_of_group = {pk: period_on(g.academic_year, g.grade, TODAY).pk for pk, g in groups.items()}
        group_of_pupil = dict(
            User.objects.filter(pk__in=[p.pk for p in pupils]).values_list("pk", "enrolments__class_group_id")
        )
    weeks = ["2026-11-09", "2026-11-16", "2026-11-23"]
    kinds, weights = zip(*MIX, strict=True)
    planned = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        if kind == "pupil_week":
            pupil = rng.choice(pupils)
            planned.append((kind, f"/api/v1/diary/?week_of={rng.choice(weeks)}", tokens[pupil.pk]))
        elif kind == "parent_week":
            link = rng.choice(links)
            planned.append(
                (
                    kind,
                    f"/api/v1/diary/?pupil={link.child_id}&week_of={rng.choice(weeks)}",
                    tokens[link.parent_id],
                )
            )
        elif kind == "averages":
            pupil = rng.choice(pupils)
            period = period_of_group[group_of_pupil[pupil.pk]]
            planned.append((kind, f"/api/v1/diary/averages/?period={period}", tokens[pupil.pk]))
        else:
            a = rng.choice(assignments)
            planned.append(
                (
                    kind,
                    f"/api/v1/journal/?class_group={a.class_group_id}&subject={a.subject_id}"
                    f"&period={period_of_group[a.class_group_id]}",
                    tokens[a.teacher_id],
                )
            )
    return planned


def region_schema() -> str:
    from tenants.models import Region

    return Region.objects.get(code=REGION_CODE).schema_name


# --- the load, in worker processes ---------------------------------------------------------


class FixedRegionMiddleware:
    """The `direct` way: the region chosen once per process, no host lookup, no schema switch."""

    region: Any = None

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        request.region = request.tenant = self.region
        request.urlconf = "myschool.urls_region"
        return self.get_response(request)


def make_handlers() -> dict[str, WSGIHandler]:
    """A WSGI handler per way, each with its own middleware chain, loaded now."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from myschool.wsgi import application
    from tenants.models import Region

    region = Region.objects.get(code=REGION_CODE)
    FixedRegionMiddleware.region = region
    routed_chain = list(settings.MIDDLEWARE)
    direct_chain = [
        f"{__name__}.FixedRegionMiddleware" if m == "tenants.routing.RegionRoutingMiddleware" else m
        for m in routed_chain
    ]
    settings.MIDDLEWARE = direct_chain
    # routed: the production application itself, started as myschool.wsgi starts it.
    handlers = {"routed": application, "direct": WSGIHandler()}
    settings.MIDDLEWARE = routed_chain
    # What `direct` relies on: this process's connection stays in the region's schema.
    connection.set_tenant(region)
    return handlers


def worker(
    number: int, args: argparse.Namespace, plan: list[tuple[str, str, str]], barrier: Any, results: Any
) -> None:
    import django

    django.setup()
    host = region_host()
    handlers = make_handlers()
    rng = random.Random(number)
    # Warm up both chains (imports, caches, the connection) outside the figures.
    for way in handlers:
        for kind, url, token in plan[:20]:
            send(handlers[way], host, url, token, kind)
    records = []
    for round_ in range(args.rounds):
        for way in ("routed", "direct") if round_ % 2 == 0 else ("direct", "routed"):
            batch = rng.sample(plan, args.requests)
            barrier.wait(timeout=300)
            start = time.perf_counter()
            latencies = [(kind, *send(handlers[way], host, url, token, kind)) for kind, url, token in batch]
            records.append((round_, way, start, time.perf_counter(), latencies))
    results.put(records)


def region_host() -> str:
    from tenants.models import Region

    return Region.objects.get(code=REGION_CODE).get_primary_domain().domain


def send(handler: WSGIHandler, host: str, url: str, token: str, kind: str) -> tuple[float, ...]:
    """GET `url` with `token` as a WSGI server would.

    The seconds until the whole body is read, and the CPU seconds it took this
    process and its PostgreSQL backend (NaN when the backend is not a process
    of this machine or the connection changed).
    """
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_AUTHORIZATION": f"Token {token}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    backend = backend_pid()
    backend_before = backend_cpu(backend)
    cpu, start = time.process_time(), time.perf_counter()
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        response.close()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    backend_cpu_used = (
        backend_cpu(backend) - backend_before if backend_pid() == backend else float("nan")
    )
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{kind} {url} answered {statuses[0]}: {body[:300]!r}")
    return elapsed, cpu, backend_cpu_used


def backend_pid() -> int | None:
    from django.db import connection

    return connection.connection.info.backend_pid if connection.connection else None


def backend_cpu(pid: int | None) -> float:
    """CPU seconds used so far by PostgreSQL backend `pid`, if it is a process of this machine."""
    try:
        stat = Path(f"/proc/{pid}")
        if (stat / "comm").read_text().strip() != "postgres":
            return float("nan")
        return int((stat / "schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError):
        return float("nan")


# --- report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(records: list[tuple], args: argparse.Namespace) -> str:
    lines = [
        f"\nMixed diary reads, {args.workers} worker processes, {args.rounds} rounds x "
        f"{args.requests} requests per worker and way ({args.pupils} pupils, {args.schools} schools)"
    ]
    figures = {}
    for way in ("routed", "direct"):
        mine = [r for r in records if r[1] == way]
        latencies = [seconds for r in mine for _kind, seconds, *_cpu in r[4]]
        # A round's wall time: from the first worker's start to the last worker's end.
        rounds = {}
        for round_, _way, start, end, batch in mine:
            first, last, n = rounds.get(round_, (start, end, 0))
            rounds[round_] = (min(first, start), max(last, end), n + len(batch))
        rps = sum(n for _s, _e, n in rounds.values()) / sum(e - s for s, e, _n in rounds.values())
        figures[way] = {
            "p50": percentile(latencies, 0.5) * 1000,
            "p95": percentile(latencies, 0.95) * 1000,
            "rps": rps,
        }
        by_kind = {kind: [s for r in mine for k, s, *_cpu in r[4] if k == kind] for kind, _w in MIX}
        kinds = ", ".join(f"{kind} {percentile(v, 0.95) * 1000:.1f}" for kind, v in by_kind.items() if v)
        lines.append(
            f"  {way:<7} p50 {figures[way]['p50']:6.1f} ms   p95 {figures[way]['p95']:6.1f} ms   "
            f"{rps:6.0f} requests/s   (p95 ms by kind: {kinds})"
        )
    lines.append(cpu_report([r for r in records if r[1] == "routed"]))
    overhead = figures["direct"]["rps"] / figures["routed"]["rps"] - 1
    p95_overhead = figures["routed"]["p95"] / figures["direct"]["p95"] - 1
    routed = figures["routed"]
    lines += [
        f"  routing overhead: {overhead * 100:+.1f} % throughput, {p95_overhead * 100:+.1f} % p95",
        "",
        "Targets: "
        + "; ".join(
            f"{label}: {'met' if ok else 'NOT met'}"
            for label, ok in (
                (f"p95 <= {TARGETS['p95_ms']:.0f} ms", routed["p95"] <= TARGETS["p95_ms"]),
                (f">= {TARGETS['rps']:.0f} requests/s", routed["rps"] >= TARGETS["rps"]),
                (f"routing overhead <= {TARGETS['overhead'] * 100:.0f} %", overhead <= TARGETS["overhead"]),
            )
        )
        + ".",
    ]
    return "\n".join(lines)


def cpu_report(records: list[tuple]) -> str:
    """Mean CPU per request by kind, of the load process and of its PostgreSQL backend.

    On a machine shared with other work the wall-clock figures drop; these do
    much less, and bound the requests/s of this mix when the cores are busy.
    """
    costs: dict[str, list[tuple[float, float]]] = {kind: [] for kind, _w in MIX}
    for *_head, batch in records:
        for kind, _seconds, cpu, backend in batch:
            costs[kind].append((cpu, backend))
    means = {}
    for kind, pairs in costs.items():
        backend = [b for _c, b in pairs if not math.isnan(b)]
        means[kind] = (
            sum(c for c, _b in pairs) / len(pairs) * 1000,
            sum(backend) / len(backend) * 1000 if backend else float("nan"),
        )
    weights = dict(MIX)
    mix = sum(weights[kind] * (python + postgres) for kind, (python, postgres) in means.items()) / sum(
        weights.values()
    )
    kinds = ", ".join(f"{kind} {python:.1f} + {postgres:.1f}" for kind, (python, postgres) in means.items())
    cores = os.cpu_count() or 1
    return (
        f"  CPU ms per routed request (this process + its PostgreSQL backend): {kinds}; "
        f"mix {mix:.1f} ms, at most {cores * 1000 / mix:.0f} requests/s on {cores} cores"
    )


def main() -> None:
    args = parse_args()
    with pgdb.throwaway_database("diary", DEBUG="0"):
        import django

        django.setup()
        from django.db import connections

        build_region(args)
        plan = plan_requests(2000, seed=1)
        connections.close_all()  # the workers open their own
        context = multiprocessing.get_context("spawn")
        barrier, results = context.Barrier(args.workers), context.Queue()
        processes = [
            context.Process(target=worker, args=(n, args, plan, barrier, results))
            for n in range(args.workers)
        ]
        speed_before = machine_speed()
        for process in processes:
            process.start()
        records = [record for _ in processes for record in results.get(timeout=3600)]
        for process in processes:
            process.join()
            if process.exitcode:
                raise SystemExit(f"a load worker failed (exit status {process.exitcode})")
        print(report(records, args))
        print(
            f"Machine speed: a fixed pure-Python loop took {speed_before:.2f} s before the load and "
            f"{machine_speed():.2f} s after (0.3 s at this machine's full speed, up to twice that when "
            "its host slows it down)."
        )


def machine_speed() -> float:
    """CPU seconds of a fixed pure-Python loop: the same work takes longer when the host slows
    this machine down, and requests/s drop with it, so a run's figures carry this reading."""
    start, total = time.process_time(), 0
    for i in range(5_000_000):
        total += i * i
    return time.process_time() - start


if __name__ == "__main__":
    main()
