"""Moderation: every step, every refusal, and what regions will be told (release_pending)."""

from __future__ import annotations

import pytest

from myschool.errors import ApplicationError, Conflict, Forbidden
from shared_library.models import ItemVersion, LibraryItem, Withdrawal
from shared_library.services.grants import grant_capability
from shared_library.services.items import create_version, edit_draft
from shared_library.services.moderation import (
    approve_version,
    publish_version,
    return_for_changes,
    submit_version,
    withdraw_item,
)
from tests.shared_library import library

pytestmark = pytest.mark.django_db


def test_draft_to_review_to_approved_to_published(editor, moderator) -> None:
    item = library.create(editor)
    version = library.latest(item)

    version = submit_version(version=version, actor=editor)
    assert version.state == "in_review" and version.submitted_at is not None
    version = approve_version(version=version, actor=moderator, note="Проверено.")
    assert (version.state, version.reviewed_by, version.review_note) == (
        "approved", moderator.email, "Проверено.")
    item.refresh_from_db()
    assert item.published_version is None and not item.release_pending

    version = publish_version(version=version, actor=moderator)

    item.refresh_from_db()
    assert version.state == "published" and version.published_at is not None
    assert item.published_version == version and item.release_pending


def test_nobody_approves_a_version_they_wrote(editor, moderator) -> None:
    grant_capability(user=editor, capability="moderate")  # an editor who also moderates
    own = submit_version(version=library.latest(library.create(editor)), actor=editor)

    with pytest.raises(Forbidden, match="You wrote version 1: another moderator must approve it"):
        approve_version(version=own, actor=editor)

    own.refresh_from_db()
    assert own.state == "in_review" and own.reviewed_by == ""
    assert approve_version(version=own, actor=moderator).state == "approved"
    # Approved by another, what they wrote is theirs to publish.
    assert publish_version(version=own, actor=editor).state == "published"


def test_publishing_a_new_version_supersedes_the_old_one(editor, moderator) -> None:
    item = library.published(editor, moderator)
    LibraryItem.objects.filter(pk=item.pk).update(release_pending=False)  # as a release cut does
    create_version(item=item, actor=editor, title="Маятник: новая версия")

    second = library.publish(editor, moderator, item)

    item.refresh_from_db()
    assert item.published_version == second and item.release_pending
    assert list(ItemVersion.objects.filter(item=item).values_list("number", "state")) == [
        (1, "superseded"), (2, "published")]


@pytest.mark.parametrize("step, message", [
    ("approve", "Version 1 is in draft; only a version in review can be approved."),
    ("return", "Version 1 is in draft; only a version in review can be returned for changes."),
    ("publish", "Version 1 is in draft; only an approved version can be published."),
])
def test_a_draft_skips_no_step(editor, moderator, step, message) -> None:
    version = library.latest(library.create(editor))
    steps = {
        "approve": lambda: approve_version(version=version, actor=moderator),
        "return": lambda: return_for_changes(version=version, actor=moderator, note="?"),
        "publish": lambda: publish_version(version=version, actor=moderator),
    }
    with pytest.raises(Conflict) as error:
        steps[step]()
    assert error.value.message == message
    assert error.value.fields == {"state": [message]}
    version.refresh_from_db()
    assert version.state == "draft"


def test_invalid_transitions_say_from_which_state(editor, moderator) -> None:
    version = submit_version(version=library.latest(library.create(editor)), actor=editor)
    with pytest.raises(Conflict, match=r"Version 1 is in review; only a draft can be submitted for review\."):
        submit_version(version=version, actor=editor)
    with pytest.raises(Conflict, match=r"in review; only an approved version can be published\."):
        publish_version(version=version, actor=moderator)

    published = library.publish(editor, moderator, library.create(editor, title="Другой"))
    with pytest.raises(Conflict, match=r"Version 1 is published; only a version in review can be approved\."):
        approve_version(version=published, actor=moderator)


def test_returning_needs_a_note(editor, moderator) -> None:
    version = submit_version(version=library.latest(library.create(editor)), actor=editor)
    with pytest.raises(ApplicationError) as error:
        return_for_changes(version=version, actor=moderator, note="  ")
    assert error.value.fields == {"note": ["Say what must change before it can be approved."]}

    version = return_for_changes(version=version, actor=moderator, note="Нет разбора опыта.")
    assert (version.state, version.review_note, version.reviewed_by) == (
        "draft", "Нет разбора опыта.", moderator.email)


def test_withdrawing_a_published_item_tells_the_regions(editor, moderator) -> None:
    item = library.published(editor, moderator)
    LibraryItem.objects.filter(pk=item.pk).update(release_pending=False)

    withdrawal = withdraw_item(item=item, actor=moderator, reason="Нарушение авторских прав")

    item.refresh_from_db()
    assert Withdrawal.objects.get(item=item) == withdrawal
    assert (withdrawal.reason, withdrawal.withdrawn_by) == ("Нарушение авторских прав", moderator.email)
    assert item.release_pending
    with pytest.raises(Conflict, match=r"The item was already withdrawn on \S+: Нарушение авторских прав"):
        withdraw_item(item=item, actor=moderator, reason="Ещё раз")


def test_withdrawing_a_never_published_item_needs_no_release(editor, moderator) -> None:
    item = library.create(editor)
    with pytest.raises(ApplicationError) as error:
        withdraw_item(item=item, actor=moderator, reason="")
    assert error.value.fields == {"reason": ["Say why the item is withdrawn."]}

    withdraw_item(item=item, actor=moderator, reason="Дубликат")
    item.refresh_from_db()
    assert not item.release_pending


def test_a_withdrawn_items_versions_no_longer_progress(editor, moderator) -> None:
    item = library.published(editor, moderator)
    draft = create_version(item=item, actor=editor, title="Маятник 2")
    in_review = submit_version(version=draft, actor=editor)
    withdraw_item(item=item, actor=moderator, reason="Судебное решение")

    message = "The item was withdrawn (Судебное решение); its versions can no longer change."
    for attempt in (
        lambda: approve_version(version=in_review, actor=moderator),
        lambda: return_for_changes(version=in_review, actor=moderator, note="?"),
        lambda: create_version(item=item, actor=editor),
    ):
        with pytest.raises(Conflict) as error:
            attempt()
        assert error.value.fields == {"item": [message]}
    item.refresh_from_db()
    assert item.published_version.number == 1


def test_a_withdrawn_items_draft_cannot_be_edited_or_submitted(editor, moderator) -> None:
    item = library.create(editor)
    withdraw_item(item=item, actor=moderator, reason="Дубликат")
    with pytest.raises(Conflict, match="withdrawn"):
        edit_draft(version=library.latest(item), actor=editor, title="x")
    with pytest.raises(Conflict, match="withdrawn"):
        submit_version(version=library.latest(item), actor=editor)
