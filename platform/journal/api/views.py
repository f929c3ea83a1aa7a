"""Region API: the teacher's journal. Marks, attendance, homework and final marks.

Thin views: parse input, find the objects through access.fetch (404 for what
the caller cannot see), call one service or selector, render. Whether the
caller may write a lesson's journal is decided by the services (403).
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from academics.models import AcademicYear, Period
from access import fetch, scope
from journal import selectors, services
from journal.api.serializers import (
    AttendanceInput,
    AttendanceOutput,
    ChangeOutput,
    FinalMarkInput,
    FinalMarkOutput,
    FinalMarkTarget,
    HomeworkChangeInput,
    HomeworkInput,
    HomeworkOutput,
    JournalFilter,
    JournalOutput,
    MarkChangeInput,
    MarkInput,
    MarkOutput,
    journal_document,
    validated_rows,
)
from myschool.errors import ApplicationError, NotFound
from myschool.region_api import RegionApiView
from myschool.renderers import DOCUMENT_RENDERERS
from schedule.models import Lesson
from schedule.times import region_today


class JournalApi(RegionApiView):
    """The journal of a subject in a class group over a period (staff who see the class group)."""

    renderer_classes = DOCUMENT_RENDERERS

    @extend_schema(parameters=[JournalFilter], responses=JournalOutput)
    def get(self, request: Request) -> Response:
        params = JournalFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        group = fetch.get_roster_for_user(request.user, params.validated_data["class_group"])
        subject = selectors.subject_by_id(params.validated_data["subject"])
        period = selectors.journal_period(
            class_group=group, period_id=params.validated_data.get("period"), today=region_today(self.region)
        )
        journal = selectors.journal_for(class_group=group, subject=subject, period=period)
        return Response(journal_document(journal, request, self.region))


class LessonMarksApi(RegionApiView):
    """Give a pupil a mark at a lesson (the lesson's teachers and the administration)."""

    @extend_schema(request=MarkInput, responses={201: MarkOutput})
    def post(self, request: Request, pk: int) -> Response:
        lesson = fetch.get_lesson_for_user(request.user, pk)
        data = MarkInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        mark = services.record_mark(
            region=self.region,
            lesson=lesson,
            pupil=fetch.get_referenced(scope.pupils_for(request.user), fields["pupil"], "pupil", _("pupil")),
            value=fields["value"],
            kind=fields["kind"],
            comment=fields["comment"],
            actor=request.user,
        )
        return Response(MarkOutput(mark).data, status=status.HTTP_201_CREATED)


class MarkApi(RegionApiView):
    """Change or delete a mark. A deleted mark leaves the journal; its history stays."""

    @extend_schema(request=MarkChangeInput, responses=MarkOutput)
    def patch(self, request: Request, pk: int) -> Response:
        mark = fetch.get_mark_for_user(request.user, pk)
        data = MarkChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        mark = services.change_mark(region=self.region, mark=mark, actor=request.user, **data.validated_data)
        return Response(MarkOutput(mark).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        mark = fetch.get_mark_for_user(request.user, pk)
        services.delete_mark(region=self.region, mark=mark, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkHistoryApi(RegionApiView):
    """Who gave, changed or deleted a mark, when, and the values before and after."""

    @extend_schema(responses=ChangeOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        mark = fetch.get_mark_for_user(request.user, pk)
        return self.paginated(selectors.mark_history(mark), ChangeOutput)


class LessonAttendanceApi(RegionApiView):
    """Record the attendance of a lesson: a list of {pupil, status, reason}, all or nothing."""

    @extend_schema(request=AttendanceInput(many=True), responses=AttendanceOutput(many=True))
    def put(self, request: Request, pk: int) -> Response:
        lesson = fetch.get_lesson_for_user(request.user, pk)
        rows = validated_rows(AttendanceInput, request.data)
        pupils = scope.pupils_for(request.user).in_bulk([row["pupil"] for row in rows])
        unknown = next((row["pupil"] for row in rows if row["pupil"] not in pupils), None)
        if unknown is not None:
            raise ApplicationError.for_field("pupil", _("No pupil with id %(id)s.") % {"id": unknown})
        entries = [
            services.AttendanceEntry(pupil=pupils[row["pupil"]], status=row["status"], reason=row["reason"])
            for row in rows
        ]
        recorded = services.record_attendance_sheet(
            region=self.region, lesson=lesson, entries=entries, actor=request.user
        )
        return Response(AttendanceOutput(recorded, many=True).data)


class LessonHomeworkApi(RegionApiView):
    """Homework set at a lesson: read it, or set new homework (JSON, or multipart with files)."""

    @extend_schema(responses=HomeworkOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        lesson = fetch.get_lesson_for_user(request.user, pk)
        return self.paginated(selectors.lesson_homework(lesson), HomeworkOutput)

    @extend_schema(request=HomeworkInput, responses={201: HomeworkOutput})
    def post(self, request: Request, pk: int) -> Response:
        lesson = fetch.get_lesson_for_user(request.user, pk)
        data = HomeworkInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        homework = services.set_homework(
            region=self.region,
            lesson=lesson,
            text=fields["text"],
            due_on=fields.get("due_on"),
            due_lesson=due_lesson(request, fields.get("due_lesson")),
            links=[(link["title"], link["url"]) for link in fields.get("links", [])],
            files=fields.get("files", []),
            actor=request.user,
        )
        return Response(
            HomeworkOutput(homework, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class HomeworkApi(RegionApiView):
    """Change homework (text, due date or lesson, links, files) or delete it."""

    @extend_schema(request=HomeworkChangeInput, responses=HomeworkOutput)
    def patch(self, request: Request, pk: int) -> Response:
        homework = fetch.get_homework_for_user(request.user, pk)
        data = HomeworkChangeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        links = fields.get("links")
        homework = services.change_homework(
            region=self.region,
            homework=homework,
            actor=request.user,
            text=fields.get("text"),
            due_on=fields.get("due_on"),
            due_lesson=due_lesson(request, fields.get("due_lesson")),
            links=None if links is None else [(link["title"], link["url"]) for link in links],
            files=fields.get("files", []),
            remove_attachments=fields.get("remove_attachments", []),
        )
        return Response(HomeworkOutput(homework, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        homework = fetch.get_homework_for_user(request.user, pk)
        services.delete_homework(region=self.region, homework=homework, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HomeworkAttachmentFileApi(RegionApiView):
    """Download a file attached to homework (whoever may read the homework)."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int, attachment: int) -> FileResponse:
        homework = fetch.get_homework_for_user(request.user, pk)
        item = homework.attachments.exclude(file="").filter(pk=attachment).first()
        if item is None:
            raise NotFound(_("No file %(id)s in this homework.") % {"id": attachment})
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.title)


class FinalMarksApi(RegionApiView):
    """Set a pupil's period mark (period given) or year mark (period null, academic_year given),
    or take one back."""

    @extend_schema(request=FinalMarkInput, responses=FinalMarkOutput)
    def put(self, request: Request) -> Response:
        data = FinalMarkInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        target = final_mark_target(request, fields)
        mark = services.set_final_mark(
            region=self.region, **target, value=fields["value"], actor=request.user
        )
        return Response(FinalMarkOutput(mark).data)

    @extend_schema(parameters=[FinalMarkTarget], responses={204: None})
    def delete(self, request: Request) -> Response:
        data = FinalMarkTarget(data=request.query_params)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if "period" not in fields and "academic_year" not in fields:
            raise ApplicationError.for_field(
                "period", _("Give the period of a period mark, or the academic year of a year mark.")
            )
        services.remove_final_mark(
            region=self.region, **final_mark_target(request, {"period": None, **fields}), actor=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def final_mark_target(request: Request, fields: dict) -> dict:
    """The pupil, subject, academic year and period (None for a year mark) a final-mark request names."""
    period = None
    if fields["period"] is not None:
        period = fetch.get_referenced(
            Period.objects.select_related("academic_year"), fields["period"], "period", _("period")
        )
    if "academic_year" in fields:
        year = fetch.get_referenced(
            AcademicYear.objects.all(), fields["academic_year"], "academic_year", _("academic year")
        )
    elif period is not None:
        year = period.academic_year
    else:
        raise ApplicationError.for_field("academic_year", _("Give the academic year of a year mark."))
    return {
        "pupil": fetch.get_referenced(scope.pupils_for(request.user), fields["pupil"], "pupil", _("pupil")),
        "subject": selectors.subject_by_id(fields["subject"]),
        "academic_year": year,
        "period": period,
    }


def due_lesson(request: Request, pk: int | None) -> Lesson | None:
    """The due lesson named in a homework request, or a 400 naming `due_lesson`."""
    if pk is None:
        return None
    return fetch.get_referenced(scope.lessons_for(request.user), pk, "due_lesson", _("lesson"))
