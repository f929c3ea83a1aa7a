"""Reading /metrics the way Prometheus does."""

from __future__ import annotations

from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

FEDERATION = "myschool.localhost"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: Client, host: str = FEDERATION, **headers: str) -> Samples:
    """Every sample on /metrics, by (name, labels); fails unless the page is served."""
    response = client.get("/metrics", HTTP_HOST=host, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sample's value; 0 when absent (a labelled counter appears at its first increment)."""
    return samples.get((name, frozenset(labels.items())), 0.0)
