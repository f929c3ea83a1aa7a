"""Pages of the federal operator's console, on the federation host."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consoles.confirm import confirmation, confirmed
from consoles.lists import list_params, sort_items
from consoles.pages import federal_operator_page, render_page
from federation.board import STEP_LABELS, regions_board
from federation.forms import OnboardRegionForm, RegionsFilter, RenameRegionForm, SuspendRegionForm
from federation.models import SyncStatus
from federation.selectors import region_sync_rows
from myschool.errors import ApplicationError, NotFound
from tenants.models import OnboardingRun, Region, RegionStatus, RunState
from tenants.selectors import get_onboarding_run, get_region, host_url
from tenants.services.lifecycle import resume_region, suspend_region
from tenants.services.onboarding import request_onboarding
from tenants.services.region_settings import rename_region
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


@federal_operator_page
def region(request: HttpRequest, code: str) -> HttpResponse:
    """One region: its hosts and status; rename it, suspend it with a reason, or resume it."""
    region = _region_or_404(code)
    rename = RenameRegionForm(initial={"name": region.name})
    suspend = SuspendRegionForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rename":
            rename = RenameRegionForm(request.POST)
            if rename.is_valid():
                return _done(request, region, rename_region, _("The region is renamed."),
                             name=rename.cleaned_data["name"])
        elif action == "suspend":
            suspend = SuspendRegionForm(request.POST)
            if suspend.is_valid():
                if not confirmed(request):
                    return confirmation(
                        request, title=_("Suspend %(code)s?") % {"code": region.code},
                        consequence=_("All people of the region %(name)s will see a page saying it is "
                                      "unavailable, with the reason: “%(reason)s”, until it is resumed.")
                        % {"name": region.name, "reason": suspend.cleaned_data["reason"]},
                        action=_("Suspend the region"), cancel_url=request.path,
                    )
                return _done(request, region, suspend_region, _("The region is suspended."),
                             reason=suspend.cleaned_data["reason"])
        elif action == "resume":
            return _done(request, region, resume_region, _("The region is resumed."))
    sync = region_sync_rows(Region.objects.filter(pk=region.pk))[0]
    context = {
        "region": region, "hosts": [(d.domain, host_url(d.domain)) for d in region.domains.all()],
        "sync": sync, "sync_label": SyncStatus(sync.status).label, "rename": rename, "suspend": suspend,
        "suspended": region.status == RegionStatus.SUSPENDED,
        "active": region.status == RegionStatus.ACTIVE,
    }
    return render(request, "federation/region.html", context)


def _done(
    request: HttpRequest, region: Region, service: Callable[..., Region], message: str, **fields: str
) -> HttpResponse:
    """Run one of the region's services as this operator and go back to the region's page."""
    try:
        service(region=region, actor=request.user, **fields)
    except ApplicationError as exc:
        messages.error(request, " ".join(m for msgs in exc.fields.values() for m in msgs) or str(exc))
    else:
        messages.success(request, message)
    return redirect("federation:region", code=region.code)


def _region_or_404(code: str) -> Region:
    try:
        return get_region(code)
    except NotFound:
        raise Http404 from None
