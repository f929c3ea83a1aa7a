"""Pages of the federal operator's console, on the federation host."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from consoles.lists import list_params, sort_items
from consoles.pages import federal_operator_page, render_page
from federation.board import STEP_LABELS, regions_board
from federation.forms import OnboardRegionForm, RegionsFilter
from myschool.errors import ApplicationError, NotFound
from tenants.models import OnboardingRun, RunState
from tenants.selectors import get_onboarding_run, host_url
from tenants.services.onboarding import request_onboarding
from tenants.tasks import run_onboarding_task

SORTABLE = ("code", "name", "status", "lag", "schools", "pupils")
POLL_SECONDS = 5
ONBOARDING_POLL_SECONDS = 2


@federal_operator_page
def regions(request: HttpRequest) -> HttpResponse:
    """The regions board: every region in one table, refreshed by htmx every few seconds."""
    params = list_params(request, allowed=SORTABLE, default="code")
    form = RegionsFilter(request.GET or None)
    rows = form.apply(regions_board()) if form.is_valid() else regions_board()
    context = {
        "rows": sort_items(rows, params), "params": params, "form": form, "now": timezone.now(),
        "poll_seconds": POLL_SECONDS, "filtered": form.is_bound and form.is_valid() and form.has_filter(),
    }
    return render_page(request, "federation/regions.html", "federation/_regions_table.html", context)


@federal_operator_page
def onboard(request: HttpRequest) -> HttpResponse:
    """The form that starts a region's onboarding; its run's page follows the steps."""
    form = OnboardRegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = _start_onboarding(request, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("federation:onboarding", pk=run.pk)
    return render(request, "federation/onboard.html", {"form": form})


@federal_operator_page
def onboarding(request: HttpRequest, pk: str) -> HttpResponse:
    """One onboarding run's steps, refreshed by htmx until the region is ready."""
    run = _run_or_404(pk)
    context = {
        "run": run, "steps": [(STEP_LABELS.get(step.name, step.name), step) for step in run.steps.all()],
        "done": run.state == RunState.DONE, "failed": run.state == RunState.FAILED,
        "host": host_url(run.domain),
        "poll_seconds": ONBOARDING_POLL_SECONDS,
    }
    return render_page(request, "federation/onboarding.html", "federation/_onboarding_steps.html", context)


@federal_operator_page
@require_POST
def retry_onboarding(request: HttpRequest, pk: str) -> HttpResponse:
    """Resume a run at its failed step (asking for the same onboarding again resumes it)."""
    run = _run_or_404(pk)
    _start_onboarding(
        request, code=run.region_code, name=run.region_name, time_zone=run.time_zone,
        admin_email=run.admin_email, domain=run.domain,
    )
    return redirect(reverse("federation:onboarding", kwargs={"pk": run.pk}))


def _start_onboarding(request: HttpRequest, **fields: str) -> OnboardingRun:
    """Record the run (or find the same one) and have a worker run its remaining steps."""
    with transaction.atomic():
        run, _created = request_onboarding(**fields, actor=request.user)
        if run.state != RunState.DONE:
            transaction.on_commit(lambda: run_onboarding_task.delay(str(run.pk), run.region_code))
    return run


def _run_or_404(pk: str) -> OnboardingRun:
    try:
        return get_onboarding_run(pk)
    except NotFound:
        raise Http404 from None
