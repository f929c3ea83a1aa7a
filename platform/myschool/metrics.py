"""Prometheus metrics: what each process counts, and per-region gauges read at scrape time.

Counters and histograms are updated as requests and tasks end
(`myschool.telemetry`, `myschool.task_telemetry`). Request series are labelled
by the kind of host (federation, region, unknown), never by region code: with
89 regions times methods times statuses times histogram buckets a per-region
label would multiply every request series by 89 while the slow region is found
from the logs (every line carries the region) or from the per-region gauges.

Per-region gauges are computed when /metrics is scraped, from functions that
apps register here once (see `register_region_gauge`); they describe state kept
in the database (onboarding, sync lag), which any web process can read, so they
need no multi-process bookkeeping.

With several processes per pod (gunicorn workers, Celery's prefork pool) set
PROMETHEUS_MULTIPROC_DIR to an empty folder private to the pod before the
processes start: prometheus_client then keeps each process's counts in files
there and /metrics adds them up (see docs/operations.md).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

# A `_created` series beside every counter and histogram doubles what Prometheus
# stores for a timestamp nobody queries.
disable_created_metrics()

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter(
    "myschool_http_requests",
    "HTTP requests answered, by method, status code and kind of host (federation, region, unknown).",
    ["method", "status", "host_kind"],
)
HTTP_DURATION = Histogram(
    "myschool_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["host_kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_DB_QUERIES = Histogram(
    "myschool_http_request_db_queries",
    "Database statements one request executed.",
    ["host_kind"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500),
)
CELERY_TASKS = Counter(
    "myschool_celery_tasks",
    "Celery task runs that ended, by task name and outcome (success, failure, retry).",
    ["task", "outcome"],
)


def method_label(method: str | None) -> str:
    """The request method, or `other` for made-up ones (a client must not create series)."""
    method = (method or "").upper()
    return method if method in _METHODS else "other"


# --- Per-region gauges ----------------------------------------------------------

RegionValues = Mapping[str, float] | Mapping[str, str]
_METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


@dataclass(frozen=True)
class RegionGauge:
    name: str
    help: str
    fn: Callable[[], RegionValues]
    states: tuple[str, ...] | None


_region_gauges: dict[str, RegionGauge] = {}


def register_region_gauge(
    name: str,
    help: str,
    fn: Callable[[], RegionValues],
    *,
    states: Sequence[str] | None = None,
) -> None:
    """Publish gauge family `name` with one series per region, computed by `fn` at each scrape.

    `fn()` runs with the public schema active and returns {region code: number};
    with `states` it returns {region code: state} instead, and the family gets a
    `state` label: 1 for the region's state, 0 for each other one (so alerts on
    a state never see a series vanish). Call it once, from an AppConfig.ready();
    registering a name again replaces the earlier source. A source that raises
    is skipped for that scrape and reported by `myschool_region_gauge_up`.
    """
    if not _METRIC_NAME.match(name):
        raise ValueError(f"{name!r} is not a Prometheus metric name")
    _region_gauges[name] = RegionGauge(name, help, fn, tuple(states) if states is not None else None)


def _family(gauge: RegionGauge, values: RegionValues) -> GaugeMetricFamily:
    if gauge.states is None:
        family = GaugeMetricFamily(gauge.name, gauge.help, labels=["region"])
        for region, value in sorted(values.items()):
            family.add_metric([region], float(value))
        return family
    family = GaugeMetricFamily(gauge.name, gauge.help, labels=["region", "state"])
    for region, current in sorted(values.items()):
        for state in gauge.states:
            family.add_metric([region, state], 1.0 if state == current else 0.0)
    return family


class RegionGaugeCollector(Collector):
    """Yields every registered region gauge, read from the database at scrape time."""

    def describe(self) -> Iterable[Metric]:
        # Nothing to check at registration, and no database query at import.
        return []

    def collect(self) -> Iterable[Metric]:
        # Imported here: this module is loaded with the Celery app, before Django's settings.
        from django_tenants.utils import get_public_schema_name, schema_context

        up = GaugeMetricFamily(
            "myschool_region_gauge_up",
            "1 when the per-region gauge could be computed at this scrape, 0 when its source failed.",
            labels=["gauge"],
        )
        for gauge in list(_region_gauges.values()):
            try:
                with schema_context(get_public_schema_name()):
                    values = gauge.fn()
            except Exception:
                logger.exception("Region gauge %s could not be computed", gauge.name)
                up.add_metric([gauge.name], 0.0)
                continue
            up.add_metric([gauge.name], 1.0)
            yield _family(gauge, values)
        yield up


class _Chain(Collector):
    def __init__(self, *collectors: Collector) -> None:
        self.collectors = collectors

    def collect(self) -> Iterable[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def process_registry() -> Collector:
    """This process's counters, or in multi-process mode every process's, added up."""
    if not multiprocess_mode():
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def render(accept: str = "") -> tuple[bytes, str]:
    """The /metrics page: counters, histograms and region gauges; (body, content type).

    In the format the scraper's Accept header asks for (OpenMetrics or
    Prometheus text), Prometheus text 0.0.4 when it asks for none.
    """
    encode, content_type = choose_encoder(accept)
    return encode(_Chain(process_registry(), RegionGaugeCollector())), content_type


def serve_worker_metrics(port: int, addr: str = "0.0.0.0") -> None:
    """Serve a worker's task counters on `port` in a background thread.

    All interfaces, since Prometheus scrapes the pod's IP. Region gauges are left
    to the web's /metrics so that each series has one source.
    """
    start_http_server(port, addr=addr, registry=process_registry())
