"""Output shapes of the diary API; lesson times carry the region's offset.

The week, the API's busiest read, is rendered by week_document from plain rows
(diary_week_rows): the document DiaryWeekOutput makes of diary_week, without
DRF's cost per field, which was most of the request's time. DiaryWeekOutput
stays its schema; tests/diary/test_rendering.py checks that both agree. The
averages likewise (averages_document, SubjectAveragesOutput).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from diary.selectors import DiaryLesson, SubjectAverages, WeekRows
from journal.models import HomeworkAttachment
from myschool.fields import DateField
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


class DiaryPupilOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class DiaryRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DiarySchoolOutput(DiaryRefOutput):
    short_name = serializers.CharField()


class DiaryClassGroupOutput(DiaryRefOutput):
    grade = serializers.IntegerField()
    school = DiarySchoolOutput()


class ChildOutput(DiaryPupilOutput):
    class_group = serializers.SerializerMethodField(help_text="The class group today; null when none")

    def get_class_group(self, child) -> dict | None:
        current = child.current_enrolments
        return DiaryClassGroupOutput(current[-1].class_group).data if current else None


class DiaryAttachmentOutput(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: HomeworkAttachment) -> str:
        return attachment.url or attachment.file.url


class DiaryHomeworkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = DiaryRefOutput(source="lesson.subject")
    set_on = serializers.DateField(source="lesson.date")
    lesson = serializers.IntegerField(source="lesson_id")
    text = serializers.CharField()
    due_on = serializers.SerializerMethodField()
    due_lesson = serializers.IntegerField(source="due_lesson_id", allow_null=True)
    attachments = DiaryAttachmentOutput(many=True)

    def get_due_on(self, homework) -> str:
        return str(homework.due_lesson.date if homework.due_lesson_id else homework.due_on)


class DiaryMarkOutput(serializers.Serializer):
    value = serializers.CharField()
    kind = serializers.CharField(source="kind.name")
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    comment = serializers.CharField()


class DiaryAttendanceOutput(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField()


class DiaryLessonOutput(serializers.Serializer):
    id = serializers.IntegerField(source="lesson.id")
    subject = DiaryRefOutput(source="lesson.subject")
    teacher = serializers.CharField(source="lesson.teacher.full_name")
    room = serializers.CharField(source="lesson.room")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    topic = serializers.CharField(source="lesson.topic")
    status = serializers.CharField(source="lesson.status", help_text="scheduled | cancelled")
    cancel_reason = serializers.CharField(source="lesson.cancel_reason")
    marks = DiaryMarkOutput(many=True)
    attendance = DiaryAttendanceOutput(allow_null=True, help_text="null until the teacher records it")
    homework = DiaryHomeworkOutput(many=True, help_text="Homework set at this lesson")

    def get_starts_at(self, item: DiaryLesson) -> str:
        return region_datetime(self.context["region"], item.lesson.date, item.lesson.starts_at).isoformat()

    def get_ends_at(self, item: DiaryLesson) -> str:
        return region_datetime(self.context["region"], item.lesson.date, item.lesson.ends_at).isoformat()


class DiaryDayOutput(serializers.Serializer):
    date = serializers.DateField()
    lessons = DiaryLessonOutput(many=True)
    homework_due = DiaryHomeworkOutput(many=True, help_text="Homework due this day")


class DiaryWeekOutput(serializers.Serializer):
    pupil = DiaryPupilOutput()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    days = DiaryDayOutput(many=True)


class DiaryPeriodOutput(DiaryRefOutput):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class SubjectAverageOutput(serializers.Serializer):
    subject = DiaryRefOutput()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    final_mark = serializers.CharField(
        allow_null=True, help_text="The period mark (or year mark); null until set"
    )


class SubjectAveragesOutput(serializers.Serializer):
    pupil = DiaryPupilOutput()
    academic_year = DiaryRefOutput()
    period = DiaryPeriodOutput(allow_null=True)
    subjects = SubjectAverageOutput(many=True)


WEIGHT = DiaryMarkOutput().fields["weight"]
AVERAGE = SubjectAverageOutput().fields["average"]
FILES = HomeworkAttachment._meta.get_field("file").storage


def week_document(week: WeekRows, region: Region) -> dict[str, Any]:
    """What DiaryWeekOutput renders for the same week, built from diary_week_rows' rows."""
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
    """As DiaryLessonOutput."""
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
    """As DiaryHomeworkOutput."""
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
    """What SubjectAveragesOutput renders for the same averages."""
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
