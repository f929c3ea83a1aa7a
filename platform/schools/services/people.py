"""People of a region: creating them, the schools staff work at, parents and children. Region schema."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from access.fetch import (
    require_may_create,
    require_may_link,
    require_school_management,
    require_school_manager,
)
from accounts.models import REGION_ROLES, Role, User
from accounts.services import create_region_user, send_invitation
from audit.services import record_region_change
from myschool.errors import ApplicationError, Conflict
from schedule.times import region_today
from schools.models import ClassGroup, Guardianship, School, StaffMembership
from schools.services.class_groups import enrol_pupil
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)

STAFF_ROLES = (Role.SCHOOL_ADMIN, Role.TEACHER)


def create_person(
    *, region: Region, email: str, role: str, full_name: str, school: School | None = None
) -> User:
    """Create a region user; staff (school admin, teacher) join `school`.

    Idempotent by e-mail: an existing person is returned, and joins `school` if
    given. For scripts and test worlds; the API adds people with add_person.
    """
    require_region(region)
    if role in STAFF_ROLES and school is None:
        raise ApplicationError.for_field("school", _("Staff must belong to a school."))
    with transaction.atomic():
        user, _created = create_region_user(region=region, email=email, role=role, full_name=full_name)
        if school is not None and user.role in STAFF_ROLES:
            StaffMembership.objects.get_or_create(school=school, user=user)
    return user


def add_person(
    *,
    region: Region,
    email: str,
    role: str,
    full_name: str,
    actor: User | None,
    school: School | None = None,
    class_group: ClassGroup | None = None,
    starts_on: date | None = None,
    children: Sequence[User] = (),
) -> User:
    """Add a new person to the region and, after commit, e-mail them the link to set a password.

    Staff join `school`; a pupil may be enrolled in `class_group` from
    `starts_on`; a parent may be linked to `children`. An e-mail already in the
    region is a Conflict. Everything is checked first and written in one
    transaction, so a failure leaves no half-made person behind. `actor` must
    be allowed to create people of `role` (access.scope.creatable_roles; None:
    the system); the region's audit records the new person.
    """
    require_region(region)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError.for_field(
            "email", _("“%(email)s” is not a valid e-mail address.") % {"email": email}
        ) from None
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ApplicationError.for_field("full_name", _("Give the person's full name."))
    if len(full_name) > 300:
        raise ApplicationError.for_field("full_name", _("Use at most %(count)d characters.") % {"count": 300})
    if role not in REGION_ROLES:
        raise ApplicationError.for_field("role", _("Unknown role “%(role)s”.") % {"role": role})
    require_may_create(actor, role)
    for place in (school, class_group.school_id if class_group is not None else None):
        if place is not None:
            require_school_manager(actor, place)
    if role in STAFF_ROLES and school is None:
        raise ApplicationError.for_field("school", _("Staff must belong to a school."))
    if role not in STAFF_ROLES and school is not None:
        raise ApplicationError.for_field(
            "school", _("Only school administrators and teachers work at a school.")
        )
    if role != Role.PUPIL and (class_group is not None or starts_on is not None):
        raise ApplicationError.for_field("class_group", _("Only pupils are enrolled in a class group."))
    if class_group is None and starts_on is not None:
        raise ApplicationError.for_field("class_group", _("Give the class group the pupil joins."))
    if role != Role.PARENT and children:
        raise ApplicationError.for_field("children", _("Only parents have children linked to them."))
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise Conflict.for_field(
                "email", _("Someone in the region already has the e-mail %(email)s.") % {"email": email}
            )
        user, _created = create_region_user(
            region=region, email=email, role=role, full_name=full_name, actor=actor
        )
        record_region_change(
            region=region, actor=actor, action="person.created", target=user,
            after={"email": email, "full_name": full_name, "role": role,
                   "school": school.pk if school else None},
        )
        if school is not None:
            StaffMembership.objects.create(school=school, user=user)
        if class_group is not None:
            enrol_pupil(
                region=region,
                pupil=user,
                class_group=class_group,
                starts_on=starts_on or _joining_day(region, class_group),
                actor=actor,
            )
        for child in children:
            link_parent(region=region, parent=user, child=child, actor=actor)
        transaction.on_commit(lambda: send_invitation(region=region, user_id=user.pk))
    logger.info("Person %s (%s) added (by %s)", user.pk, role, actor)
    return user


def _joining_day(region: Region, class_group: ClassGroup) -> date:
    """Today in the region, or the first day of the class group's year when that is still ahead."""
    return max(region_today(region), class_group.academic_year.starts_on)


def link_parent(*, region: Region, parent: User, child: User, actor: User | None = None) -> Guardianship:
    """Record `parent` as a legal representative of `child`. Idempotent.

    The region admin and school admins of the child do (or the system, `actor`
    None); a new link is audited.
    """
    require_region(region)
    require_school_management(actor)
    require_may_link(actor, parent, child)
    if parent.role != Role.PARENT:
        raise ApplicationError.for_field(
            "parent", _("%(name)s is not a parent.") % {"name": parent.full_name or parent.email}
        )
    if child.role != Role.PUPIL:
        raise ApplicationError.for_field(
            "child", _("%(name)s is not a pupil.") % {"name": child.full_name or child.email}
        )
    with transaction.atomic():
        link, created = Guardianship.objects.get_or_create(parent=parent, child=child)
        if created:
            record_region_change(
                region=region, actor=actor, action="guardianship.created", target=link,
                after={"parent": parent.pk, "child": child.pk},
            )
    if created:
        logger.info("Parent %s linked to pupil %s (by %s)", parent.pk, child.pk, actor)
    return link
