"""Collections: membership changes of published items reach the regions (release_pending)."""

from __future__ import annotations

import uuid

import pytest

from myschool.errors import ApplicationError, Conflict
from shared_library.models import CollectionItem, LibraryItem
from shared_library.services.collections import add_items, create_collection, remove_items
from shared_library.services.moderation import withdraw_item
from tests.shared_library import library

pytestmark = pytest.mark.django_db


def released(*items: LibraryItem) -> None:
    """What a release cut does to the items it carries."""
    LibraryItem.objects.filter(pk__in=[i.pk for i in items]).update(release_pending=False)


def pending(item: LibraryItem) -> bool:
    item.refresh_from_db()
    return item.release_pending


def test_adding_and_removing_flags_published_items_only(editor, moderator) -> None:
    labs = create_collection(actor=editor, slug="physics-labs-7-9",
                             title="Виртуальные лаборатории. Физика 7–9")
    published = library.published(editor, moderator)
    draft = library.create(editor, title="Черновик")
    released(published)

    assert add_items(collection=labs, items=[published.pk, str(draft.pk)], actor=editor) == 2
    assert pending(published) and not pending(draft)
    assert set(labs.items.all()) == {published, draft}

    released(published)
    assert add_items(collection=labs, items=[published.pk], actor=editor) == 0  # already there
    assert not pending(published)

    assert remove_items(collection=labs, items=[published.pk], actor=editor) == 1
    assert pending(published)
    assert list(labs.items.all()) == [draft]
    released(published)
    assert remove_items(collection=labs, items=[published.pk], actor=editor) == 0
    assert not pending(published)


def test_unknown_and_withdrawn_items_are_refused_and_nothing_is_written(editor, moderator) -> None:
    labs = create_collection(actor=editor, slug="labs", title="Лаборатории")
    good = library.published(editor, moderator)
    gone = library.published(editor, moderator, title="Изъятый")
    withdraw_item(item=gone, actor=moderator, reason="Ошибка")
    missing = uuid.uuid4()

    with pytest.raises(ApplicationError) as error:
        add_items(collection=labs, items=[good.pk, missing], actor=editor)
    assert error.value.fields == {"items": [f"No library item with id {missing}."]}
    with pytest.raises(ApplicationError) as error:
        add_items(collection=labs, items=[good.pk, gone.pk], actor=editor)
    assert error.value.fields == {"items": [f"Withdrawn items cannot join a collection: {gone.pk}."]}
    with pytest.raises(ApplicationError) as error:
        add_items(collection=labs, items=["not-an-id"], actor=editor)
    assert error.value.fields == {"items": ["“not-an-id” is not a library item id."]}
    assert not CollectionItem.objects.exists()


def test_collection_slugs_are_checked_and_unique(editor) -> None:
    create_collection(actor=editor, slug="labs", title="Лаборатории")
    with pytest.raises(Conflict) as error:
        create_collection(actor=editor, slug="labs", title="Другие")
    assert error.value.fields == {"slug": ["A collection “labs” already exists."]}
    with pytest.raises(ApplicationError) as error:
        create_collection(actor=editor, slug="Физика 7", title="")
    assert set(error.value.fields) == {"slug", "title"}
