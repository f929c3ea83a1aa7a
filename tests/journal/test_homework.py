"""Homework: text, a due date or a due lesson, links and files kept apart per region."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import Homework, HomeworkAttachment
from journal.services import set_homework
from myschool.errors import ApplicationError
from tests.journal.conftest import MONDAY, journal_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_homework_due_at_a_later_lesson_takes_its_date(world, maths) -> None:
    thursday = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 26))
    homework = set_homework(
        region=world.region,
        lesson=maths,
        text=" № 245, 247 ",
        due_lesson=thursday,
        actor=world.teacher("ivanova"),
        links=[("Дроби", "https://example.org/fractions"), ("", "https://example.org/video")],
    )
    homework.refresh_from_db()
    assert (homework.text, homework.due_on, homework.due_lesson) == ("№ 245, 247", thursday.date, thursday)
    assert sorted(homework.attachments.values_list("title", "url")) == [
        ("https://example.org/video", "https://example.org/video"),
        ("Дроби", "https://example.org/fractions"),
    ]


def test_invalid_homework_is_refused_and_nothing_written(world, maths) -> None:
    earlier = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 16))
    physical_education = world.lesson("ivanova", "Физическая культура", "5А", MONDAY, at=time(10, 0))
    before = journal_rows()
    cases = [
        ({"text": " "}, "text"),
        ({}, "due_on"),
        ({"due_on": date(2026, 11, 20)}, "due_on"),
        ({"due_lesson": earlier}, "due_lesson"),
        ({"due_lesson": physical_education}, "due_lesson"),
        ({"due_on": MONDAY, "links": [("x", "javascript:alert(1)")]}, "links"),
    ]
    for change, field in cases:
        with pytest.raises(ApplicationError) as refused:
            set_homework(
                region=world.region,
                lesson=maths,
                actor=world.teacher("ivanova"),
                **{"text": "№ 1", **change},
            )
        assert list(refused.value.fields) == [field], change
    assert journal_rows() == before


def test_files_are_uploaded_under_the_regions_schema_and_downloaded(world, maths, api, media) -> None:
    teacher = api.as_("ivanova")
    created = teacher.post(
        f"/api/v1/lessons/{maths.pk}/homework/",
        {
            "text": "Read the worksheet",
            "due_on": "2026-11-26",
            "files": [
                SimpleUploadedFile("worksheet.pdf", b"%PDF-1.4 fractions", content_type="application/pdf"),
                SimpleUploadedFile("answers.txt", b"1) 3/4"),
            ],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert sorted(a["title"] for a in body["attachments"]) == ["answers.txt", "worksheet.pdf"]
    stored = HomeworkAttachment.objects.get(title="worksheet.pdf").file.name
    assert stored.startswith(f"{world.region.schema_name}/homework/2026/")
    assert (media / stored).read_bytes() == b"%PDF-1.4 fractions"

    download_url = next(a["url"] for a in body["attachments"] if a["title"] == "worksheet.pdf")
    pupil_download = api.as_("sidorov").get(download_url)
    assert pupil_download.status_code == 200
    assert b"".join(pupil_download.streaming_content) == b"%PDF-1.4 fractions"
    assert api.as_("popov").get(download_url).status_code == 404  # another class's pupil

    listed = api.as_("sidorova").get(f"/api/v1/lessons/{maths.pk}/homework/").json()
    assert [h["text"] for h in listed["results"]] == ["Read the worksheet"]


def test_homework_is_changed_and_deleted_through_the_api(
    world, maths, api, media, django_capture_on_commit_callbacks
) -> None:
    teacher = api.as_("ivanova")
    created = teacher.post(
        f"/api/v1/lessons/{maths.pk}/homework/",
        {"text": "№ 1", "due_on": "2026-11-24", "files": [SimpleUploadedFile("old.txt", b"old")]},
        format="multipart",
    ).json()
    url = f"/api/v1/homework/{created['id']}/"
    old_file = media / HomeworkAttachment.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        changed = teacher.patch(
            url,
            {
                "text": "№ 1, 2",
                "links": [{"title": "Учебник", "url": "https://example.org/book"}],
                "remove_attachments": [created["attachments"][0]["id"]],
            },
            format="json",
        )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["text"] == "№ 1, 2" and changed.json()["due_on"] == "2026-11-24"
    assert [a["url"] for a in changed.json()["attachments"]] == ["https://example.org/book"]
    assert not old_file.exists()

    assert teacher.patch(url, {"due_on": "2026-11-01"}, format="json").json()["error"]["fields"] == {
        "due_on": ["Homework cannot be due before the lesson it is set at."]
    }
    assert api.as_("sidorov").delete(url).status_code == 403
    assert teacher.delete(url).status_code == 204
    assert not Homework.objects.exists() and not HomeworkAttachment.objects.exists()
