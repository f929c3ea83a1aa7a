"""Output shapes of the diary API; lesson times carry the region's offset.

The week, the API's busiest read, is rendered by week_document from the rows
diary_week reads, without DRF's cost per field (most of the request's time);
the averages likewise by averages_document. DiaryWeekOutput and
SubjectAveragesOutput only describe those documents in the OpenAPI schema:
they render nothing. tests/diary/test_rendering.py validates real responses
against the generated schema, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from diary.selectors import DiaryWeek, SubjectAverages
from journal.models import HomeworkAttachment
from myschool.fields import DateField
from myschool.serializers import PeriodRefOutput, PersonRefOutput, RefOutput
from schedule.times import region_datetime
from tenants.models import Region


class DiaryFilter(serializers.Serializer):
    pupil = serializers.IntegerField(required=False, help_text="Default: the caller, when a pupil")
    week_of = DateField(required=False, help_text="Any day of the week; default: today")


class AveragesFilter(serializers.Serializer):
    pupil = serializers.IntegerField(required=False, help_text="Default: the caller, when a pupil")
    period = serializers.IntegerField(required=False, help_text="Default: the period containing today")
    academic_year = serializers.IntegerField(required=False, help_text="Averages over the whole year")

    def validate(self, data: dict) -> dict:
        if "period" in data and "academic_year" in data:
            raise serializers.ValidationError(
                {"academic_year": _("Name a period or an academic year, not both.")}
            )
        return data


class DiarySchoolOutput(RefOutput):
    short_name = serializers.CharField()


class DiaryClassGroupOutput(RefOutput):
    grade = serializers.IntegerField()
    school = DiarySchoolOutput()


class ChildOutput(PersonRefOutput):
    class_group = serializers.SerializerMethodField(help_text="The class group today; null when none")

    def get_class_group(self, child) -> dict | None:
        current = child.current_enrolments
        return DiaryClassGroupOutput(current[-1].class_group).data if current else None


class DiaryAttachmentOutput(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="The link, or where to download the file")


class DiaryHomeworkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = RefOutput()
    set_on = serializers.DateField()
    lesson = serializers.IntegerField()
    text = serializers.CharField()
    due_on = serializers.DateField(help_text="The due lesson's date, else the date it is due")
    due_lesson = serializers.IntegerField(allow_null=True)
    attachments = DiaryAttachmentOutput(many=True)


class DiaryMarkOutput(serializers.Serializer):
    value = serializers.CharField()
    kind = serializers.CharField()
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    comment = serializers.CharField()


class DiaryAttendanceOutput(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField()


class DiaryLessonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = RefOutput()
    teacher = serializers.CharField()
    room = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    topic = serializers.CharField()
    status = serializers.CharField(help_text="scheduled | cancelled")
    cancel_reason = serializers.CharField()
    marks = DiaryMarkOutput(many=True)
    attendance = DiaryAttendanceOutput(allow_null=True, help_text="null until the teacher records it")
    homework = DiaryHomeworkOutput(many=True, help_text="Homework set at this lesson")


class DiaryDayOutput(serializers.Serializer):
    date = serializers.DateField()
    lessons = DiaryLessonOutput(many=True)
    homework_due = DiaryHomeworkOutput(many=True, help_text="Homework due this day")


class DiaryWeekOutput(serializers.Serializer):
    """The schema of week_document."""

    pupil = PersonRefOutput()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    days = DiaryDayOutput(many=True)


class SubjectAverageOutput(serializers.Serializer):
    subject = RefOutput()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    final_mark = serializers.CharField(
        allow_null=True, help_text="The period mark (or year mark); null until set"
    )


class SubjectAveragesOutput(serializers.Serializer):
    """The schema of averages_document."""

    pupil = PersonRefOutput()
    academic_year = RefOutput()
    period = PeriodRefOutput(allow_null=True)
    subjects = SubjectAverageOutput(many=True)


WEIGHT = DiaryMarkOutput().fields["weight"]
AVERAGE = SubjectAverageOutput().fields["average"]
FILES = HomeworkAttachment._meta.get_field("file").storage


def week_document(week: DiaryWeek, region: Region) -> dict[str, Any]:
    """The week as the API answers it (schema: DiaryWeekOutput)."""
    return {
        "pupil": {"id": week.pupil.pk, "full_name": week.pupil.full_name},
        "starts_on": week.starts_on.isoformat(),
        "ends_on": week.ends_on.isoformat(),
        "days": [
            {
                "date": day.date.isoformat(),
                "lessons": [lesson_document(row, region) for row in day.lessons],
                "homework_due": [homework_document(row) for row in day.homework_due],
            }
            for day in week.days
        ],
    }


def lesson_document(row: dict[str, Any], region: Region) -> dict[str, Any]:
    """A lesson row as the API answers it (schema: DiaryLessonOutput)."""
    attendance = row["attendance"]
    return {
        "id": row["id"],
        "subject": {"id": row["subject_id"], "name": row["subject__name"]},
        "teacher": row["teacher__full_name"],
        "room": row["room"],
        "starts_at": region_datetime(region, row["date"], row["starts_at"]).isoformat(),
        "ends_at": region_datetime(region, row["date"], row["ends_at"]).isoformat(),
        "topic": row["topic"],
        "status": row["status"],
        "cancel_reason": row["cancel_reason"],
        "marks": [
            {
                "value": mark["value"],
                "kind": mark["kind__name"],
                "weight": WEIGHT.to_representation(mark["weight"]),
                "comment": mark["comment"],
            }
            for mark in row["marks"]
        ],
        "attendance": attendance and {"status": attendance["status"], "reason": attendance["reason"]},
        "homework": [homework_document(item) for item in row["homework"]],
    }


def homework_document(row: dict[str, Any]) -> dict[str, Any]:
    """A homework row as the API answers it (schema: DiaryHomeworkOutput)."""
    return {
        "id": row["id"],
        "subject": {"id": row["lesson__subject_id"], "name": row["lesson__subject__name"]},
        "set_on": row["lesson__date"].isoformat(),
        "lesson": row["lesson_id"],
        "text": row["text"],
        "due_on": (row["due_lesson__date"] if row["due_lesson_id"] else row["due_on"]).isoformat(),
        "due_lesson": row["due_lesson_id"],
        "attachments": [
            {"title": item["title"], "url": item["url"] or FILES.url(item["file"])}
            for item in row["attachments"]
        ],
    }


def averages_document(averages: SubjectAverages) -> dict[str, Any]:
    """The averages as the API answers them (schema: SubjectAveragesOutput)."""
    period, year = averages.period, averages.academic_year
    return {
        "pupil": {"id": averages.pupil.pk, "full_name": averages.pupil.full_name},
        "academic_year": {"id": year.pk, "name": year.name},
        "period": period
        and {
            "id": period.pk,
            "name": period.name,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "subjects": [
            {
                "subject": {"id": row.subject.id, "name": row.subject.name},
                "average": None if row.average is None else AVERAGE.to_representation(row.average),
                "final_mark": row.final_mark,
            }
            for row in averages.subjects
        ],
    }
