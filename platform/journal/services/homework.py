"""Setting homework at a lesson, with links and files. Region schema; the caller has entered the region.

Homework is due on a date or at a later lesson of the same class group and
subject (its date is then the due date). Files are stored under the region's
schema name (journal.models.homework_file_path), so regions' files never mix;
a removed file leaves the storage after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from journal.models import Homework, HomeworkAttachment
from journal.services.common import require_held, require_length, writable_lesson
from myschool.errors import ApplicationError
from schedule.models import Lesson
from tenants.context import require_region
from tenants.models import Region

MAX_ATTACHMENTS = 20
MAX_FILE_BYTES = 20 * 1024 * 1024
TITLE_LENGTH = HomeworkAttachment._meta.get_field("title").max_length
URL_LENGTH = HomeworkAttachment._meta.get_field("url").max_length
TEXT_LENGTH = 10_000
_url = URLValidator(schemes=["http", "https"])


def set_homework(
    *,
    region: Region,
    lesson: Lesson,
    text: str,
    due_on: date | None = None,
    due_lesson: Lesson | None = None,
    actor: User,
    links: Sequence[tuple[str, str]] = (),
    files: Sequence[UploadedFile] = (),
) -> Homework:
    """Set homework at `lesson`, due on `due_on` or at `due_lesson`, with (title, url) links and files.

    Rejected with an error naming the field, and nothing written, when the actor
    may not write this lesson's journal, the lesson was cancelled, the text is
    empty, the due date is missing or before the lesson, the due lesson is not a
    later lesson of the same class group and subject, or an attachment is bad.
    Transactional.
    """
    require_region(region)
    lesson = writable_lesson(actor, lesson)
    require_held(lesson)
    text = _clean_text(text)
    due_on, due_lesson = _clean_due(lesson, due_on, due_lesson)
    link_rows = _clean_links(links)
    _check_files(files, len(link_rows))
    with transaction.atomic():
        homework = Homework.objects.create(
            lesson=lesson,
            class_group_id=lesson.class_group_id,
            text=text,
            due_on=due_on,
            due_lesson=due_lesson,
            set_by=actor,
        )
        _attach(homework, link_rows, files)
    return homework


def change_homework(
    *,
    region: Region,
    homework: Homework,
    actor: User,
    text: str | None = None,
    due_on: date | None = None,
    due_lesson: Lesson | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    files: Sequence[UploadedFile] = (),
    remove_attachments: Sequence[int] = (),
) -> Homework:
    """Change homework: None leaves a field as it is.

    A new due date clears the due lesson; a due lesson sets the date. `links`,
    when given, replace all link attachments; `files` are added;
    `remove_attachments` are ids of attachments to drop. Same checks as
    set_homework; transactional.
    """
    require_region(region)
    lesson = writable_lesson(actor, homework.lesson_id)
    require_held(lesson)
    with transaction.atomic():
        homework = Homework.objects.select_for_update().get(pk=homework.pk)
        if text is not None:
            homework.text = _clean_text(text)
        if due_on is not None or due_lesson is not None:
            homework.due_on, homework.due_lesson = _clean_due(lesson, due_on, due_lesson)
        attachments = list(homework.attachments.all())
        unknown = set(remove_attachments) - {a.pk for a in attachments}
        if unknown:
            raise ApplicationError.for_field(
                "remove_attachments",
                _("This homework has no attachment %(id)s.") % {"id": ", ".join(map(str, sorted(unknown)))},
            )
        dropped = [a for a in attachments if a.pk in remove_attachments or (links is not None and a.url)]
        link_rows = _clean_links(links or ())
        _check_files(files, len(attachments) - len(dropped) + len(link_rows))
        homework.save()
        _remove(dropped)
        _attach(homework, link_rows, files)
    return homework


def delete_homework(*, region: Region, homework: Homework, actor: User) -> None:
    """Delete homework with its attachments; the files leave the storage after commit."""
    require_region(region)
    writable_lesson(actor, homework.lesson_id)
    with transaction.atomic():
        _remove(list(homework.attachments.all()))
        homework.delete()


def _clean_text(text: str) -> str:
    text = require_length("text", text, TEXT_LENGTH)
    if not text:
        raise ApplicationError.for_field("text", _("Say what the homework is."))
    return text


def _clean_due(lesson: Lesson, due_on: date | None, due_lesson: Lesson | None) -> tuple[date, Lesson | None]:
    if due_lesson is not None:
        if (due_lesson.class_group_id, due_lesson.subject_id) != (lesson.class_group_id, lesson.subject_id):
            raise ApplicationError.for_field(
                "due_lesson",
                _("The due lesson must be a lesson of %(subject)s in %(group)s.")
                % {"subject": lesson.subject, "group": lesson.class_group},
            )
        if (due_lesson.date, due_lesson.starts_at) <= (lesson.date, lesson.starts_at):
            raise ApplicationError.for_field("due_lesson", _("The due lesson must come after this lesson."))
        require_held(due_lesson, "due_lesson")
        if due_on is not None and due_on != due_lesson.date:
            raise ApplicationError.for_field("due_on", _("The due date must be the due lesson's date."))
        return due_lesson.date, due_lesson
    if due_on is None:
        raise ApplicationError.for_field("due_on", _("Give a due date or a due lesson."))
    if due_on < lesson.date:
        raise ApplicationError.for_field(
            "due_on", _("Homework cannot be due before the lesson it is set at.")
        )
    return due_on, None


def _clean_links(links: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = []
    for title, url in links:
        url = url.strip()
        try:
            _url(url)
        except ValidationError:
            raise ApplicationError.for_field(
                "links", _("“%(url)s” is not a web link.") % {"url": url}
            ) from None
        if len(url) > URL_LENGTH:
            raise ApplicationError.for_field(
                "links", _("A link may have at most %(count)d characters.") % {"count": URL_LENGTH}
            )
        cleaned.append((require_length("links", title, TITLE_LENGTH) or url[:TITLE_LENGTH], url))
    return cleaned


def _check_files(files: Sequence[UploadedFile], others: int) -> None:
    if others + len(files) > MAX_ATTACHMENTS:
        raise ApplicationError.for_field(
            "files", _("Homework may have at most %(count)d attachments.") % {"count": MAX_ATTACHMENTS}
        )
    for upload in files:
        if not upload.size:
            raise ApplicationError.for_field("files", _("“%(name)s” is empty.") % {"name": upload.name})
        if upload.size > MAX_FILE_BYTES:
            raise ApplicationError.for_field(
                "files",
                _("“%(name)s” is larger than %(size)d MB.")
                % {"name": upload.name, "size": MAX_FILE_BYTES // 2**20},
            )


def _attach(homework: Homework, links: list[tuple[str, str]], files: Sequence[UploadedFile]) -> None:
    HomeworkAttachment.objects.bulk_create(
        HomeworkAttachment(homework=homework, title=title, url=url) for title, url in links
    )
    for upload in files:
        HomeworkAttachment.objects.create(homework=homework, title=upload.name[:TITLE_LENGTH], file=upload)


def _remove(attachments: list[HomeworkAttachment]) -> None:
    HomeworkAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    for attachment in attachments:
        if attachment.file:
            storage, name = attachment.file.storage, attachment.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
