"""Input and output shapes of the journal API. Validation of meaning lives in the services.

Lesson times are ISO datetimes with the region's offset; weights, points and
averages are decimal strings.

The journal, a hot read, is rendered by journal_document from the rows
journal_for reads, without DRF's cost per field and nested serializer (most of
the request's time). JournalOutput only describes that document in the
OpenAPI schema: it renders nothing. tests/journal/test_rendering.py validates
real responses against the generated schema, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from journal.models import Attendance, AttendanceStatus, Homework, HomeworkAttachment, Mark
from journal.selectors import Journal
from myschool.errors import ApplicationError
from myschool.fields import DateField
from myschool.serializers import PeriodRefOutput, PersonRefOutput, RefOutput
from schedule.times import region_datetime
from tenants.models import Region


class JournalFilter(serializers.Serializer):
    class_group = serializers.IntegerField()
    subject = serializers.IntegerField()
    period = serializers.IntegerField(required=False, help_text="Default: the period containing today")


class MarkInput(serializers.Serializer):
    pupil = serializers.IntegerField()
    value = serializers.CharField(help_text="A value of the subject's grading scale, e.g. 5 or pass")
    kind = serializers.CharField(help_text="Mark kind code, e.g. answer, test, exam")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MarkChangeInput(serializers.Serializer):
    value = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)


# Attendance status is a plain string in the schema: an enum component would be named after
# `status` and clash with other apps' status enums (drf-spectacular's naming warning).
STATUS_HELP = "One of: " + ", ".join(AttendanceStatus.values) + "; excused needs a reason"


class AttendanceInput(serializers.Serializer):
    pupil = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required if excused"
    )


def validated_rows(serializer: type[serializers.Serializer], data: object) -> list[dict[str, Any]]:
    """Each item of a JSON list validated by `serializer`; a 400 names the item, e.g. field "2.status"."""
    if not isinstance(data, list):
        raise ApplicationError(_("Send a list."))
    rows = []
    for index, item in enumerate(data):
        row = serializer(data=item)
        if not row.is_valid():
            fields = {f"{index}.{name}": [str(m) for m in msgs] for name, msgs in row.errors.items()}
            message = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
            raise ApplicationError(message, fields=fields)
        rows.append(row.validated_data)
    return rows


class LinkInput(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    url = serializers.CharField()


class HomeworkInput(serializers.Serializer):
    """JSON, or multipart form data to upload files (repeat `files`)."""

    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    due_on = DateField(required=False, allow_null=True)
    due_lesson = serializers.IntegerField(required=False, allow_null=True, help_text="A later lesson's id")
    links = LinkInput(many=True, required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class HomeworkChangeInput(HomeworkInput):
    """The fields to change (read with partial=True): `links` replace the links, `files` are added."""

    remove_attachments = serializers.ListField(child=serializers.IntegerField(), required=False)


class FinalMarkInput(serializers.Serializer):
    pupil = serializers.IntegerField()
    subject = serializers.IntegerField()
    period = serializers.IntegerField(allow_null=True, help_text="null for the year mark")
    academic_year = serializers.IntegerField(required=False, help_text="Required for the year mark")
    value = serializers.CharField()


class FinalMarkTarget(serializers.Serializer):
    """Which final mark to take back: a period mark (period) or a year mark (academic_year, no period)."""

    pupil = serializers.IntegerField()
    subject = serializers.IntegerField()
    period = serializers.IntegerField(required=False, help_text="The period of a period mark")
    academic_year = serializers.IntegerField(required=False, help_text="The year of a year mark")


class MarkOutput(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Mark
        fields = [
            "id",
            "pupil",
            "lesson",
            "value",
            "points",
            "kind",
            "weight",
            "comment",
            "given_by",
            "created_at",
            "updated_at",
            "deleted_at",
        ]


class AttendanceOutput(serializers.ModelSerializer):
    status = serializers.CharField(help_text=STATUS_HELP)

    class Meta:
        model = Attendance
        fields = ["pupil", "lesson", "status", "reason", "recorded_by", "updated_at"]


class AttachmentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The link, or where to download the file")
    is_file = serializers.SerializerMethodField()

    class Meta:
        model = HomeworkAttachment
        fields = ["id", "title", "url", "is_file"]

    def get_url(self, attachment: HomeworkAttachment) -> str:
        if not attachment.file:
            return attachment.url
        path = reverse(
            "homework-attachment-file", kwargs={"pk": attachment.homework_id, "attachment": attachment.pk}
        )
        return self.context["request"].build_absolute_uri(path)

    def get_is_file(self, attachment: HomeworkAttachment) -> bool:
        return bool(attachment.file)


class HomeworkOutput(serializers.ModelSerializer):
    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta:
        model = Homework
        fields = [
            "id",
            "lesson",
            "text",
            "due_on",
            "due_lesson",
            "attachments",
            "set_by",
            "created_at",
            "updated_at",
        ]


class ChangeOutput(serializers.Serializer):
    """One row of a journal record's history (the region's audit)."""

    changed_at = serializers.DateTimeField(source="at")
    changed_by = serializers.SerializerMethodField()
    old = serializers.JSONField(source="before", allow_null=True)
    new = serializers.JSONField(source="after", allow_null=True)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_changed_by(self, change: Any) -> dict[str, Any]:
        return {"id": change.actor_id, "full_name": change.actor.full_name}


class FinalMarkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = serializers.IntegerField(source="pupil_id")
    subject = serializers.IntegerField(source="subject_id")
    academic_year = serializers.IntegerField(source="academic_year_id")
    period = serializers.IntegerField(source="period_id", allow_null=True)
    value = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    set_by = serializers.IntegerField(source="set_by_id")
    updated_at = serializers.DateTimeField()


class JournalSubjectOutput(RefOutput):
    grading_scale = serializers.CharField(help_text="The grading scale's code")


class JournalEnrolmentOutput(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class JournalFinalMarkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    value = serializers.CharField()


class JournalPupilOutput(PersonRefOutput):
    enrolments = JournalEnrolmentOutput(many=True, help_text="When the pupil was in this class group")
    average = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, help_text="Weighted, over the period"
    )
    period_mark = JournalFinalMarkOutput(allow_null=True)
    year_mark = JournalFinalMarkOutput(allow_null=True)


class JournalLessonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    topic = serializers.CharField()
    status = serializers.CharField()
    homework = HomeworkOutput(many=True)


class JournalOutput(serializers.Serializer):
    """The schema of journal_document: pupils, lessons with homework, flat lists of marks and attendance."""

    class_group = RefOutput()
    subject = JournalSubjectOutput()
    period = PeriodRefOutput()
    pupils = JournalPupilOutput(many=True)
    lessons = JournalLessonOutput(many=True)
    marks = MarkOutput(many=True)
    attendance = AttendanceOutput(many=True)


def two_places(value: Decimal) -> str:
    """What MarkOutput's DecimalFields (two places) write for a value of a numeric(_, 2) column.

    The database gives such values with exactly two places, which DRF's quantize keeps.
    """
    return f"{value:f}"


def journal_document(journal: Journal, request: Request, region: Region) -> dict[str, Any]:
    """The journal as the API answers it (schema: JournalOutput)."""
    zone = timezone.get_current_timezone()

    def moment(value: datetime | None) -> str | None:
        """As DRF's DateTimeField renders it: in the current time zone, UTC as Z."""
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def attachment_url(row: dict[str, Any]) -> str:
        if not row["file"]:
            return row["url"]
        path = reverse("homework-attachment-file", kwargs={"pk": row["homework_id"], "attachment": row["id"]})
        return request.build_absolute_uri(path)

    subject, period = journal.subject, journal.period
    return {
        "class_group": {"id": journal.class_group.pk, "name": journal.class_group.name},
        "subject": {"id": subject.pk, "name": subject.name, "grading_scale": subject.grading_scale.code},
        "period": {
            "id": period.pk,
            "name": period.name,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "pupils": [
            {
                "id": row["id"],
                "full_name": row["full_name"],
                "enrolments": [
                    {"starts_on": starts.isoformat(), "ends_on": ends and ends.isoformat()}
                    for starts, ends in row["enrolments"]
                ],
                "average": None if row["average"] is None else str(row["average"]),
                "period_mark": row["period_mark"]
                and {"id": row["period_mark"]["id"], "value": row["period_mark"]["value"]},
                "year_mark": row["year_mark"]
                and {"id": row["year_mark"]["id"], "value": row["year_mark"]["value"]},
            }
            for row in journal.pupils
        ],
        "lessons": [
            {
                "id": lesson["id"],
                "date": lesson["date"].isoformat(),
                "starts_at": region_datetime(region, lesson["date"], lesson["starts_at"]).isoformat(),
                "ends_at": region_datetime(region, lesson["date"], lesson["ends_at"]).isoformat(),
                "topic": lesson["topic"],
                "status": lesson["status"],
                "homework": [
                    {
                        "id": item["id"],
                        "lesson": item["lesson_id"],
                        "text": item["text"],
                        "due_on": item["due_on"].isoformat(),
                        "due_lesson": item["due_lesson_id"],
                        "attachments": [
                            {
                                "id": row["id"],
                                "title": row["title"],
                                "url": attachment_url(row),
                                "is_file": bool(row["file"]),
                            }
                            for row in item["attachments"]
                        ],
                        "set_by": item["set_by_id"],
                        "created_at": moment(item["created_at"]),
                        "updated_at": moment(item["updated_at"]),
                    }
                    for item in lesson["homework"]
                ],
            }
            for lesson in journal.lessons
        ],
        "marks": [
            {
                "id": mark["id"],
                "pupil": mark["pupil_id"],
                "lesson": mark["lesson_id"],
                "value": mark["value"],
                "points": None if mark["points"] is None else two_places(mark["points"]),
                "kind": mark["kind__code"],
                "weight": two_places(mark["weight"]),
                "comment": mark["comment"],
                "given_by": mark["given_by_id"],
                "created_at": moment(mark["created_at"]),
                "updated_at": moment(mark["updated_at"]),
                "deleted_at": moment(mark["deleted_at"]),
            }
            for mark in journal.marks
        ],
        "attendance": [
            {
                "pupil": row["pupil_id"],
                "lesson": row["lesson_id"],
                "status": row["status"],
                "reason": row["reason"],
                "recorded_by": row["recorded_by_id"],
                "updated_at": moment(row["updated_at"]),
            }
            for row in journal.attendance
        ],
    }
