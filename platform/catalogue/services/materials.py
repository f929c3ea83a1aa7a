"""Giving catalogue items with homework and lessons. Region schema.

A material pins the version the teacher gave (version id and number, and its
title), so a later version of the item does not change what pupils were given.
Who may attach or detach is the journal's rule: those who may write the
lesson's journal (access.fetch.get_lesson_for_user with write=True).

What happens to given materials later:
- a library withdrawal (a legal takedown, an error) hides the material's
  content everywhere at once, with a notice: the library says it must not be
  served, and that is final;
- a region's local hide, or a change of its collection choice, does NOT take
  back what was already given: it is an editorial choice about what teachers
  find in the catalogue from now on, and silently changing homework that
  pupils already have (and perhaps did) would be worse. A region that wants a
  given material gone asks the teacher to detach it.
"""

from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from access import fetch
from accounts.models import User
from catalogue import selectors
from catalogue.models import CatalogueItem, Material
from journal.models import Homework
from journal.services.common import require_held
from myschool.errors import ApplicationError, Conflict
from schedule.models import Lesson
from tenants.context import require_region
from tenants.models import Region

MAX_MATERIALS = 20


def attach_material(
    *,
    region: Region,
    item_id: UUID | str,
    actor: User,
    homework: Homework | None = None,
    lesson: Lesson | None = None,
) -> Material:
    """Give catalogue item `item_id` with `homework` or `lesson` (exactly one), pinned to its current version.

    NotFound or Forbidden when the actor may not write the lesson's journal; an
    error naming `item` when the item is unknown, withdrawn or not served in
    the region right now, or already given there (409); naming `lesson` when
    the lesson was cancelled. Nothing is written on error. Transactional.
    """
    require_region(region)
    if (homework is None) == (lesson is None):
        raise ValueError("attach_material() needs either homework or a lesson")
    target_lesson = fetch.get_lesson_for_user(
        actor, homework.lesson_id if homework is not None else lesson.pk, write=True
    )
    require_held(target_lesson)
    item = _servable(region, item_id)
    given = Material.objects.filter(homework=homework) if homework else Material.objects.filter(lesson=lesson)
    if given.filter(item_id=item.item_id).exists():
        raise _already_given(item, homework)
    if given.count() >= MAX_MATERIALS:
        raise ApplicationError.for_field(
            "item", _("At most %(count)d materials may be given at once.") % {"count": MAX_MATERIALS}
        )
    try:
        with transaction.atomic():
            return Material.objects.create(
                homework=homework,
                lesson=lesson,
                item_id=item.item_id,
                version_id=item.version_id,
                version_number=item.version_number,
                title=item.title,
                attached_by=actor,
            )
    except IntegrityError:  # the same item given twice at the same moment
        raise _already_given(item, homework) from None


def detach_material(*, region: Region, material: Material, actor: User) -> None:
    """Take a material back from its homework or lesson (those who may write the lesson's journal)."""
    require_region(region)
    lesson_id = material.lesson_id
    if lesson_id is None:
        lesson_id = Homework.objects.values_list("lesson_id", flat=True).get(pk=material.homework_id)
    fetch.get_lesson_for_user(actor, lesson_id, write=True)
    Material.objects.filter(pk=material.pk).delete()


def _servable(region: Region, item_id: UUID | str) -> CatalogueItem:
    """The item if the region serves it now, or an error naming `item` that says why not."""
    row = selectors.catalogue_state(item_id)
    if row is None:
        raise ApplicationError.for_field("item", _("No catalogue item with id %(id)s.") % {"id": item_id})
    item = selectors.visible_items(region=region).filter(item_id=row.item_id).first()
    if item is not None:
        return item
    reason = selectors.withdrawal_reason(row.item_id)
    if reason is not None:
        raise ApplicationError.for_field(
            "item",
            _("“%(title)s” was withdrawn from the library: %(reason)s")
            % {"title": row.title, "reason": reason},
        )
    raise ApplicationError.for_field(
        "item", _("“%(title)s” is not offered in this region's catalogue.") % {"title": row.title}
    )


def _already_given(item: CatalogueItem, homework: Homework | None) -> Conflict:
    message = (
        _("“%(title)s” is already given with this homework.")
        if homework is not None
        else _("“%(title)s” is already given with this lesson.")
    )
    return Conflict.for_field("item", message % {"title": item.title})
