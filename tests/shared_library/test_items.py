"""Items and their versions: validation, checksums, drafts, and versions that never change."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, connection, transaction

from myschool.errors import ApplicationError, Conflict
from shared_library.models import ItemVersion, LibraryItem, VersionState
from shared_library.services.items import create_version, edit_draft
from shared_library.services.moderation import return_for_changes, submit_version
from tests.shared_library import library

pytestmark = pytest.mark.django_db


def test_a_new_item_has_version_1_in_draft_with_its_checksum(editor) -> None:
    item = library.create(editor, topics=["  Механические колебания  "], grades=[9, 7, 9])

    version = library.latest(item)
    assert (item.kind, item.created_by, item.origin_region_code) == ("virtual_lab", editor.email, "")
    assert (version.number, version.state, version.created_by) == (1, "draft", editor.email)
    assert version.topics == ["Механические колебания"]
    assert version.grades == [7, 9]
    assert item.published_version is None and not item.release_pending
    document = {"kind": "virtual_lab", **{name: getattr(version, name) for name in (
        "title", "description", "subjects", "grades", "topics", "language",
        "author_organisation", "licence", "manifest")}}
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert version.checksum == hashlib.sha256(canonical.encode()).hexdigest()


def test_unknown_subject_is_refused_naming_the_field(editor) -> None:
    with pytest.raises(ApplicationError) as error:
        library.create(editor, subjects=["physics", "astrology"])
    assert error.value.fields == {"subjects": ["Unknown subject “astrology”."]}
    assert not LibraryItem.objects.exists()


def test_every_bad_field_is_named_at_once_with_manifest_paths(editor) -> None:
    manifest = {"parts": [
        {"title": "Опыт", "media": [
            library.media("a.html", "text/html"),
            {"url": "http://media.example/b.mp4", "sha256": "abc", "size": 0, "mime": "video"},
        ]},
        {"title": "", "media": [], "notes": "?"},
    ]}
    with pytest.raises(ApplicationError) as error:
        library.create(editor, kind="podcast", grades=[0, 12], manifest=manifest, licence="")

    fields = error.value.fields
    assert set(fields) == {
        "kind", "grades", "licence",
        "manifest.parts[0].media[1].url", "manifest.parts[0].media[1].sha256",
        "manifest.parts[0].media[1].size", "manifest.parts[0].media[1].mime",
        "manifest.parts[1].title", "manifest.parts[1].media", "manifest.parts[1].notes",
    }
    assert fields["manifest.parts[0].media[1].sha256"] == [
        "Give the file's SHA-256 as 64 hexadecimal digits."]
    assert fields["grades"] == ["0 is not a school grade; grades run from 1 to 11.",
                                "12 is not a school grade; grades run from 1 to 11."]
    assert "manifest.parts[0].media[1].sha256:" in error.value.message


@pytest.mark.parametrize("manifest, path", [
    (None, "manifest"),
    ({"parts": []}, "manifest.parts"),
    ({"parts": [{"title": "x", "media": [{"url": "https://m.example/a", "sha256": "0" * 64,
                                         "size": True, "mime": "video/mp4"}]}]},
     "manifest.parts[0].media[0].size"),
    ({"parts": [{"title": "x", "media": ["https://m.example/a"]}]}, "manifest.parts[0].media[0]"),
    ({"parts": [], "extra": 1}, "manifest.extra"),
])
def test_manifest_shape_is_strict(editor, manifest, path) -> None:
    with pytest.raises(ApplicationError) as error:
        library.create(editor, manifest=manifest)
    assert path in error.value.fields


def test_a_draft_can_be_edited_and_its_checksum_and_search_follow(editor) -> None:
    item = library.create(editor)
    before = library.latest(item)

    after = edit_draft(version=before, actor=editor, title="Пружинный маятник")

    assert after.title == "Пружинный маятник" and after.number == 1
    assert after.checksum != before.checksum
    assert ItemVersion.objects.filter(pk=after.pk, search_vector=SearchQuery("пружинного", config="russian"))
    with pytest.raises(ApplicationError) as error:
        edit_draft(version=after, actor=editor, kind="video_lesson")
    assert error.value.fields == {"kind": ["Not a field of a version."]}


def test_from_submission_on_a_version_never_changes(editor, moderator) -> None:
    item = library.create(editor)
    version = submit_version(version=library.latest(item), actor=editor)

    with pytest.raises(Conflict) as error:
        edit_draft(version=version, actor=editor, title="Другое")
    assert error.value.message == (
        "Version 1 is in review; only a draft can be edited; create a new version to change the item."
    )
    # Not even a raw write gets through: the database refuses too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemVersion.objects.filter(pk=version.pk).update(title="Другое")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE shared_library_itemversion SET manifest = '{}' WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.title == "Математический маятник"

    published = library.publish(editor, moderator, library.create(editor, title="Другой"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemVersion.objects.filter(pk=published.pk).update(grades=[5])


def test_a_returned_version_is_a_draft_again_and_can_be_edited(editor, moderator) -> None:
    version = submit_version(version=library.latest(library.create(editor)), actor=editor)
    version = return_for_changes(version=version, actor=moderator, note="Добавьте разбор опыта.")

    edited = edit_draft(version=version, actor=editor, description="С разбором опыта.")
    assert (edited.state, edited.review_note) == ("draft", "Добавьте разбор опыта.")
    assert submit_version(version=edited, actor=editor).state == "in_review"


def test_a_new_version_starts_from_the_latest_with_changes(editor, moderator) -> None:
    item = library.published(editor, moderator)

    draft = create_version(item=item, actor=editor, grades=[8, 9], title="Маятник, версия 2")

    first = ItemVersion.objects.get(item=item, number=1)
    assert (draft.number, draft.state) == (2, VersionState.DRAFT)
    assert draft.grades == [8, 9] and draft.title == "Маятник, версия 2"
    assert draft.manifest == first.manifest and draft.topics == first.topics
    assert first.state == VersionState.PUBLISHED


def test_only_one_version_at_a_time_is_on_its_way(editor, moderator) -> None:
    item = library.published(editor, moderator)
    draft = create_version(item=item, actor=editor, title="Маятник 2")
    submit_version(version=draft, actor=editor)

    with pytest.raises(Conflict) as error:
        create_version(item=item, actor=editor, title="Маятник 3")
    assert error.value.message == (
        "Version 2 is in review; publish it or return it to draft and edit it "
        "before starting another version."
    )
    assert ItemVersion.objects.filter(item=item).count() == 2


def test_a_draft_identical_to_the_published_version_is_not_submitted(editor, moderator) -> None:
    item = library.published(editor, moderator)
    draft = create_version(item=item, actor=editor)

    with pytest.raises(Conflict) as error:
        submit_version(version=draft, actor=editor)
    assert error.value.message == (
        "Version 2 is the same as published version 1; change something before submitting it."
    )
