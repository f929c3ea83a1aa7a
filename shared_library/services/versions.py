"""What every library write shares: locking an item, writing a version, guards. Public schema.

Callers hold a transaction; these helpers never open one of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from myschool.errors import ApplicationError, Conflict, NotFound
from shared_library.content import CONTENT_FIELDS, clean_content, content_checksum, content_of
from shared_library.models import SEARCH_CONFIG, ItemVersion, LibraryItem, VersionState, Withdrawal
from shared_library.subjects import SUBJECTS, russian_subject_names

# A version "is …": how the state reads inside a sentence.
STATE_PHRASES = {
    VersionState.DRAFT: gettext_lazy("in draft"),
    VersionState.IN_REVIEW: gettext_lazy("in review"),
    VersionState.APPROVED: gettext_lazy("approved"),
    VersionState.PUBLISHED: gettext_lazy("published"),
    VersionState.SUPERSEDED: gettext_lazy("superseded by a newer version"),
}
# At most one version of an item is on its way to publication at a time.
OPEN_STATES = (VersionState.DRAFT, VersionState.IN_REVIEW, VersionState.APPROVED)

# Weights: A title, B description, C topics and the subjects' Russian names
# (passed as two parallel arrays, codes and names, since gettext knows them).
SEARCH_VECTOR_SQL = f"""
UPDATE {ItemVersion._meta.db_table} AS v SET search_vector =
    setweight(to_tsvector(%(config)s::regconfig, v.title), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, v.description), 'B')
    || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ', array_to_string(v.topics, ' '), (
           SELECT string_agg(n.name, ' ' ORDER BY s.position)
           FROM unnest(v.subjects) WITH ORDINALITY AS s(code, position)
           JOIN unnest(%(codes)s::text[], %(names)s::text[]) AS n(code, name) ON n.code = s.code
       ))), 'C')
WHERE v.id = ANY(%(ids)s)
"""


def locked_item(item: LibraryItem | object) -> LibraryItem:
    """The item's row, locked until the end of the transaction (writes to one item queue up)."""
    pk = item.pk if isinstance(item, LibraryItem) else item
    found = LibraryItem.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No library item with id %(id)s.") % {"id": pk})
    return found


def refuse_if_withdrawn(item: LibraryItem) -> None:
    withdrawal = Withdrawal.objects.filter(item=item).first()
    if withdrawal is not None:
        message = _("The item was withdrawn (%(reason)s); its versions can no longer change.") % {
            "reason": withdrawal.reason
        }
        raise Conflict(message, fields={"item": [message]})


def state_conflict(version: ItemVersion, needed: str) -> Conflict:
    """Conflict saying which state the version is in and which the step needs."""
    message = _("Version %(number)d is %(state)s; %(needed)s") % {
        "number": version.number, "state": STATE_PHRASES[VersionState(version.state)], "needed": needed,
    }
    return Conflict(message, fields={"state": [message]})


def insert_version(
    *, item: LibraryItem, number: int, content: dict[str, Any], created_by: str,
    state: str = VersionState.DRAFT,
) -> ItemVersion:
    """Write a new version of `item` with validated `content`, its checksum and search vector."""
    now = timezone.now()
    version = ItemVersion.objects.create(
        item=item, number=number, created_by=created_by, state=state,
        checksum=content_checksum(item.kind, content),
        submitted_at=now if state != VersionState.DRAFT else None,
        **content,
    )
    write_search_vector(version)
    return version


def write_search_vector(version: ItemVersion) -> None:
    """Compute the version's search vector in SQL (SEARCH_CONFIG); the row keeps it for good."""
    write_search_vectors([version.pk])


def write_search_vectors(version_ids: Sequence[uuid.UUID]) -> None:
    """Compute the search vectors of many versions in one statement (e.g. after a bulk load).

    The same SQL as for a single version, so a bulk-loaded library searches alike.
    """
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_VECTOR_SQL, {
            "config": SEARCH_CONFIG, "codes": list(SUBJECTS),
            "names": russian_subject_names(list(SUBJECTS)), "ids": list(version_ids),
        })


def next_number(item: LibraryItem) -> int:
    last = item.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def check_change_names(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(CONTENT_FIELDS))
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed in a version: %(names)s.") % {"names": ", ".join(unknown)},
            fields={name: [_("Not a field of a version.")] for name in unknown},
        )


def rewrite_draft(*, item: LibraryItem, version: ItemVersion, changes: dict[str, Any], editor: str) -> None:
    """Replace fields of a draft (validated), with its checksum and search vector.

    `editor` (an e-mail) joins the version's `edited_by` once: whoever edits a
    version is one of its authors, and may not approve it.
    """
    content = clean_content({**content_of(version), **changes})
    for name, value in content.items():
        setattr(version, name, value)
    version.checksum = content_checksum(item.kind, content)
    if editor.lower() not in (email.lower() for email in version.edited_by):
        version.edited_by = [*version.edited_by, editor]
    version.save(update_fields=[*CONTENT_FIELDS, "checksum", "edited_by"])
    write_search_vector(version)
