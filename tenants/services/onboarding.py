"""Onboarding a region: a recorded, resumable workflow of atomic steps.

Entry points: the `onboard_region` command (runs it here and now), the
federation API (records the run and enqueues `run_onboarding_task`), and that
task. All of them go through `request_onboarding` and `run_onboarding`.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, validate_domain_name
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.rights import require_federal_operator
from accounts.services import create_region_user, send_invitation
from audit.services import record_federal_change
from myschool.errors import ApplicationError, Conflict, NotFound
from tenants import signals
from tenants.codes import host_label_for, parse_region_code, schema_name_for
from tenants.context import in_region
from tenants.models import Domain, OnboardingRun, OnboardingStep, Region, RegionStatus, RunState
from tenants.schemas import create_region_schema, distribute_region_schema

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[OnboardingStep], None]


@dataclass(frozen=True)
class OnboardingRequest:
    code: str
    name: str
    time_zone: str
    admin_email: str
    domain: str


def validate_onboarding_request(
    *, code: str, name: str, time_zone: str, admin_email: str, domain: str | None = None
) -> OnboardingRequest:
    """Check every field and raise one ApplicationError naming each bad one. Reads only."""
    errors: dict[str, list[str]] = {}

    def reject(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        code = parse_region_code(code)
    except ApplicationError as exc:
        errors.update(exc.fields)
    name = " ".join((name or "").split())
    if not name:
        reject("name", _("The region's official name is required."))
    elif len(name) > 200:
        reject("name", _("The name is longer than 200 characters."))
    time_zone = (time_zone or "").strip()
    if time_zone not in zoneinfo.available_timezones():
        reject("time_zone", _("“%(tz)s” is not an IANA time zone such as Europe/Moscow.")
               % {"tz": time_zone})
    admin_email = (admin_email or "").strip().lower()
    try:
        EmailValidator()(admin_email)
    except ValidationError:
        reject("admin_email", _("“%(email)s” is not a valid e-mail address.") % {"email": admin_email})
    if domain:
        domain = domain.strip().lower().rstrip(".")
        try:
            validate_domain_name(domain)
        except ValidationError:
            reject("domain", _("“%(domain)s” is not a valid host name.") % {"domain": domain})
    elif "code" not in errors:
        domain = f"{host_label_for(code)}.{settings.BASE_DOMAIN}"
    if domain == settings.BASE_DOMAIN:
        reject("domain", _("%(domain)s is the federation's own host.") % {"domain": domain})
    elif (domain and "domain" not in errors and not settings.ONBOARDING_ALLOW_CUSTOM_DOMAINS
          and not domain.endswith(f".{settings.BASE_DOMAIN}")):
        # A host outside the base domain is served by nobody's certificate or DNS
        # unless the operator has set that up and said so.
        reject("domain", _("%(domain)s is not under %(base)s; custom domains are not allowed.")
               % {"domain": domain, "base": settings.BASE_DOMAIN})

    if errors:
        raise ApplicationError(
            "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()), fields=errors
        )
    return OnboardingRequest(code, name, time_zone, admin_email, domain or "")


def request_onboarding(
    *, code: str, name: str, time_zone: str, admin_email: str, domain: str | None = None,
    actor: User | None = None,
) -> tuple[OnboardingRun, bool]:
    """Validate and record an onboarding run; return (run, created). Public schema.

    Asking again with the same parameters returns the existing run (to resume
    or as a no-op); a different request for a code or host already taken is a
    Conflict. Nothing is written when validation fails. Only a federal
    operator (or the system, `actor` None) may ask; a new run writes a federal
    audit row.
    """
    require_federal_operator(actor)
    req = validate_onboarding_request(
        code=code, name=name, time_zone=time_zone, admin_email=admin_email, domain=domain
    )
    with transaction.atomic():
        # Serialise requests for the same code so two callers cannot both create a run.
        _lock_code(req.code, transaction_scoped=True)
        run = OnboardingRun.objects.filter(region_code=req.code).first()
        if run is not None:
            asked = (req.name, req.time_zone, req.admin_email, req.domain)
            if (run.region_name, run.time_zone, run.admin_email, run.domain) != asked:
                raise Conflict.for_field(
                    "code",
                    _("Region %(code)s is already onboarded as “%(name)s”.")
                    % {"code": req.code, "name": run.region_name},
                )
            return run, False
        if Region.objects.filter(code=req.code).exists():
            raise Conflict.for_field("code", _("Region %(code)s already exists.") % {"code": req.code})
        if Domain.objects.filter(domain=req.domain).exists():
            raise Conflict.for_field(
                "domain", _("Host %(domain)s already belongs to another region.")
                % {"domain": req.domain},
            )
        run = OnboardingRun.objects.create(
            region_code=req.code, region_name=req.name, time_zone=req.time_zone,
            admin_email=req.admin_email, domain=req.domain,
            requested_by=actor,
        )
        OnboardingStep.objects.bulk_create(
            OnboardingStep(run=run, position=i, name=step_name)
            for i, step_name in enumerate(STEPS)
        )
        record_federal_change(
            actor=actor, action="region.onboarding_requested", target=run, region_code=req.code,
            after={"name": req.name, "time_zone": req.time_zone, "admin_email": req.admin_email,
                   "domain": req.domain},
        )
    return run, True


def run_onboarding(run_id: object, *, progress: ProgressCallback | None = None) -> OnboardingRun:
    """Run every step not yet done, in order, each in its own transaction.

    Idempotent and safe to call concurrently: a second caller waits, then finds
    the steps done. A failing step is rolled back whole, recorded as failed
    with its reason, and the run stops there; calling again resumes at it.
    """
    try:
        run = OnboardingRun.objects.get(pk=run_id)
    except (OnboardingRun.DoesNotExist, ValidationError):
        raise NotFound(_("No onboarding run %(id)s.") % {"id": run_id}) from None
    with _code_lock(run.region_code):
        for step in run.steps.all():
            if step.state == RunState.DONE:
                continue
            _record(run, step, RunState.RUNNING)
            if progress:
                progress(step)
            try:
                with transaction.atomic():
                    STEPS[step.name](run)
            except Exception as exc:
                logger.exception("Onboarding %s failed at step %s", run.region_code, step.name)
                _record(run, step, RunState.FAILED, error=f"{type(exc).__name__}: {exc}")
                if progress:
                    progress(step)
                return run
            except BaseException as exc:
                # Ctrl-C or a stop signal: the step rolled back; say so instead of staying `running`.
                logger.warning("Onboarding %s interrupted at step %s", run.region_code, step.name)
                _record(run, step, RunState.FAILED, error=_("interrupted (%(what)s); run it again to resume")
                        % {"what": type(exc).__name__})
                raise
            _record(run, step, RunState.DONE)
            if progress:
                progress(step)
        if run.state != RunState.DONE:
            run.state, run.error, run.finished_at = RunState.DONE, "", timezone.now()
            run.save(update_fields=["state", "error", "finished_at", "updated_at"])
    return run


def _record(run: OnboardingRun, step: OnboardingStep, state: str, error: str = "") -> None:
    now = timezone.now()
    step.state, step.error = state, error
    if state == RunState.RUNNING:
        step.attempts += 1
        step.started_at, step.finished_at = now, None
    else:
        step.finished_at = now
    step.save()
    run.state = RunState.FAILED if state == RunState.FAILED else RunState.RUNNING
    run.error = f"{step.name}: {error}" if error else ""
    run.finished_at = now if state == RunState.FAILED else None
    run.save(update_fields=["state", "error", "finished_at", "updated_at"])


def _lock_code(code: str, *, transaction_scoped: bool) -> None:
    fn = "pg_advisory_xact_lock" if transaction_scoped else "pg_advisory_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fn}(hashtext(%s))", [f"onboarding:{code}"])


@contextmanager
def _code_lock(code: str) -> Iterator[None]:
    """A session-level advisory lock on the region code for the whole run."""
    _lock_code(code, transaction_scoped=False)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [f"onboarding:{code}"])


# --- Steps: each runs inside one transaction and is idempotent ----------------

def _create_region(run: OnboardingRun) -> None:
    """The region row, its host and its schema, all or nothing."""
    region = Region.objects.filter(code=run.region_code).first()
    if region is not None:
        return
    region = Region.objects.create(
        code=run.region_code, name=run.region_name, time_zone=run.time_zone,
        schema_name=schema_name_for(run.region_code), status=RegionStatus.ONBOARDING,
    )
    Domain.objects.create(domain=run.domain, tenant=region, is_primary=True)
    path = create_region_schema(region.schema_name)
    logger.info("Region %s: schema %s built from %s", region.code, region.schema_name, path)
    if distribute_region_schema(region.schema_name):
        logger.info("Region %s: schema %s distributed by Citus", region.code, region.schema_name)


def _create_admin(run: OnboardingRun) -> None:
    """The region's first administrator, invited to set a password."""
    region = Region.objects.get(code=run.region_code)
    with in_region(region):
        admin, created = create_region_user(
            region=region, email=run.admin_email, role=Role.REGION_ADMIN,
            full_name="", actor=None,
        )
    if created:
        transaction.on_commit(lambda: send_invitation(region=region, user_id=admin.pk))


def _backfill_catalogue(run: OnboardingRun) -> None:
    """The library catalogue every region holds, up to the latest release (by the federation,
    listening to `region_backfill_requested`)."""
    region = Region.objects.get(code=run.region_code)
    signals.region_backfill_requested.send(sender=Region, region=region)


def _activate(run: OnboardingRun) -> None:
    region = Region.objects.get(code=run.region_code)
    if region.status == RegionStatus.ONBOARDING:
        region.status = RegionStatus.ACTIVE
        region.save(update_fields=["status", "updated_at"])
        record_federal_change(
            actor=None, action="region.active", target=region, region_code=region.code,
            before={"status": RegionStatus.ONBOARDING}, after={"status": RegionStatus.ACTIVE},
        )
        signals.region_activated.send(sender=Region, region=region)


STEPS: dict[str, Callable[[OnboardingRun], None]] = {
    "create_region": _create_region,
    "create_admin": _create_admin,
    "backfill_catalogue": _backfill_catalogue,
    "activate": _activate,
}


def onboard_region(
    *, code: str, name: str, time_zone: str, admin_email: str, domain: str | None = None,
    actor: User | None = None, progress: ProgressCallback | None = None,
) -> OnboardingRun:
    """Onboard a region now, in this process: record the run, then run its steps.

    Running it again for the same code resumes the run or does nothing.
    """
    run, _created = request_onboarding(
        code=code, name=name, time_zone=time_zone, admin_email=admin_email, domain=domain,
        actor=actor,
    )
    return run_onboarding(run.pk, progress=progress)
