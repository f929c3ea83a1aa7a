"""Schools and subjects of a region. Region schema.

The region admin opens schools and adds subjects; a school's administrators
change it. Each service checks its `actor` (None: the system, setup code on
the server) and writes the region's audit row in the change's transaction.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from academics.models import GradingScale
from access.fetch import require_school_manager
from accounts.models import User
from accounts.rights import require_region_admin
from audit.services import record_region_change, snapshot
from myschool.errors import ApplicationError, Conflict
from schools.models import School, Subject
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)


def create_school(
    *, region: Region, name: str, short_name: str = "", address: str = "", actor: User | None = None
) -> School:
    """Add a school to the region (the region admin only). Validates every field before writing."""
    require_region(region)
    require_region_admin(actor)
    fields = _school_fields(name=name, short_name=short_name, address=address)
    with transaction.atomic():
        school = School.objects.create(**fields)
        record_region_change(region=region, actor=actor, action="school.created", target=school, after=fields)
    logger.info("School %s “%s” opened (by %s)", school.pk, school.name, actor)
    return school


def change_school(
    *,
    region: Region,
    school: School,
    actor: User | None,
    name: str | None = None,
    short_name: str | None = None,
    address: str | None = None,
) -> School:
    """Rename a school or change its address (its administrators); saves only what changed."""
    require_region(region)
    require_school_manager(actor, school)
    given = {"name": name, "short_name": short_name, "address": address}
    fields = _school_fields(**{key: value for key, value in given.items() if value is not None})
    changed = {key: value for key, value in fields.items() if getattr(school, key) != value}
    if changed:
        with transaction.atomic():
            old = {key: getattr(school, key) for key in changed}
            for key, value in changed.items():
                setattr(school, key, value)
            school.save(update_fields=list(changed))
            record_region_change(
                region=region, actor=actor, action="school.changed", target=school, before=old, after=changed
            )
        logger.info("School %s changed from %s to %s (by %s)", school.pk, old, changed, actor)
    return school


def _school_fields(**given: str) -> dict[str, str]:
    limits = {"name": 300, "short_name": 100, "address": 300}
    fields = {key: " ".join(value.split()) for key, value in given.items()}
    if "name" in fields and not fields["name"]:
        raise ApplicationError.for_field("name", _("Give the school's name."))
    for key, value in fields.items():
        if len(value) > limits[key]:
            raise ApplicationError.for_field(
                key, _("Use at most %(count)d characters.") % {"count": limits[key]}
            )
    return fields


def create_subject(
    *,
    region: Region,
    name: str,
    grading_scale: str = "five_point",
    short_name: str = "",
    actor: User | None = None,
) -> Subject:
    """Add a subject taught in the region, marked on `grading_scale` (a scale in use).

    The region admin only. A name already taken is a Conflict; nothing is written on error.
    """
    require_region(region)
    require_region_admin(actor)
    name, short_name = " ".join(name.split()), " ".join(short_name.split())
    if not name:
        raise ApplicationError.for_field("name", _("Give the subject's name."))
    if len(name) > 100:
        raise ApplicationError.for_field("name", _("Use at most %(count)d characters.") % {"count": 100})
    if len(short_name) > 30:
        raise ApplicationError.for_field("short_name", _("Use at most %(count)d characters.") % {"count": 30})
    scale = GradingScale.objects.filter(code=grading_scale, is_enabled=True).first()
    if scale is None:
        raise ApplicationError.for_field(
            "grading_scale", _("No grading scale “%(code)s” in use.") % {"code": grading_scale}
        )
    with transaction.atomic():
        if Subject.objects.filter(name__iexact=name).exists():
            raise Conflict.for_field("name", _("The subject %(name)s exists already.") % {"name": name})
        subject = Subject.objects.create(name=name, short_name=short_name, grading_scale=scale)
        record_region_change(
            region=region, actor=actor, action="subject.created", target=subject,
            after=snapshot(subject, ["name", "short_name", "grading_scale"]),
        )
    logger.info("Subject %s “%s” added on %s (by %s)", subject.pk, name, scale.code, actor)
    return subject
