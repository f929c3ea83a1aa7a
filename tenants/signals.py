"""What the region lifecycle tells the apps built on it: the interface `tenants` owns.

`tenants` imports none of its listeners; the federation (or any public-schema
app) connects to these in its AppConfig.ready. Every signal is sent inside the
transaction that makes the change, with `region=` the Region, so a listener's
writes (an outbox message, a catalogue backfill) commit or roll back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# Onboarding's `backfill_catalogue` step: fill the new region's schema with what
# every region holds. Listeners run synchronously inside the step.
region_backfill_requested = Signal()
# The region just opened (onboarding finished) or reopened (resumed after a suspension).
region_activated = Signal()
region_resumed = Signal()
