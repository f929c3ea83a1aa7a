"""Region API: class groups' timetables, generating lessons, reading and changing lessons.

Who may do what is decided in platform/access: the timetable is read by those
who see the class group and changed by those who manage it (region admin, the
school's admins); a lesson's topic is set by whoever may fill in its journal;
lessons are moved and cancelled by the class group's managers. Generating runs
inline: it is one INSERT per request, bounded by the class group's school year.
"""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from access.fetch import (
    get_class_group_for_user,
    get_lesson_for_user,
    get_timetable_entry_for_user,
)
from myschool.region_api import RegionApiView
from schedule import selectors
from schedule.api.serializers import (
    LessonCancelInput,
    LessonChangeInput,
    LessonFilter,
    ScheduleLessonOutput,
    TimetableEffectiveFromInput,
    TimetableEntryChangeInput,
    TimetableEntryInput,
    TimetableEntryOutput,
    TimetableFilter,
    TimetableGenerateInput,
    TimetableGenerateOutput,
)
from schedule.models import Lesson
from schedule.services import (
    add_timetable_entry,
    cancel_lesson,
    change_timetable_entry,
    generate_lessons,
    move_lesson,
    remove_timetable_entry,
    set_topic,
)

RESCHEDULING = ("date", "starts_at", "ends_at", "room")


class ClassGroupTimetableApi(RegionApiView):
    """The weekly timetable of a class group: read it, or add an entry."""

    @extend_schema(parameters=[TimetableFilter], responses=TimetableEntryOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        filters = TimetableFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        group = get_class_group_for_user(request.user, pk)
        return self.paginated(selectors.timetable_of(group, **filters.validated_data), TimetableEntryOutput)

    @extend_schema(request=TimetableEntryInput, responses={201: TimetableEntryOutput})
    def post(self, request: Request, pk: int) -> Response:
        group = get_class_group_for_user(request.user, pk, manage=True)
        data = TimetableEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = add_timetable_entry(
            region=self.region, class_group=group, actor=request.user, **data.validated_data
        )
        return Response(TimetableEntryOutput(entry).data, status=status.HTTP_201_CREATED)


class TimetableEntryApi(RegionApiView):
    """Change or remove a timetable entry; its lessons from `effective_from` on follow."""

    @extend_schema(request=TimetableEntryChangeInput, responses=TimetableEntryOutput)
    def patch(self, request: Request, pk: int) -> Response:
        entry = get_timetable_entry_for_user(request.user, pk)
        data = TimetableEntryChangeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        since = changes.pop("effective_from", None)
        entry = change_timetable_entry(
            region=self.region, entry=entry, changes=changes, effective_from=since, actor=request.user
        )
        return Response(TimetableEntryOutput(entry).data)

    @extend_schema(parameters=[TimetableEffectiveFromInput], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        entry = get_timetable_entry_for_user(request.user, pk)
        params = TimetableEffectiveFromInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        remove_timetable_entry(
            region=self.region,
            entry=entry,
            effective_from=params.validated_data.get("effective_from"),
            actor=request.user,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimetableGenerateApi(RegionApiView):
    """Create a class group's lessons from its timetable for a range of dates. Idempotent."""

    @extend_schema(request=TimetableGenerateInput, responses=TimetableGenerateOutput)
    def post(self, request: Request, pk: int) -> Response:
        group = get_class_group_for_user(request.user, pk, manage=True)
        data = TimetableGenerateInput(data=request.data)
        data.is_valid(raise_exception=True)
        created = generate_lessons(
            region=self.region, class_group=group, actor=request.user, **data.validated_data
        )
        return Response(TimetableGenerateOutput({**data.validated_data, "created": created}).data)


class LessonListApi(RegionApiView):
    """Lessons the caller may read, by local date and time; filters: class group, subject, teacher, dates."""

    @extend_schema(parameters=[LessonFilter], responses=ScheduleLessonOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = LessonFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(
            selectors.lessons_for(request.user, **filters.validated_data), ScheduleLessonOutput
        )


class LessonApiView(RegionApiView):
    def lesson_response(self, lesson: Lesson) -> Response:
        return Response(ScheduleLessonOutput(lesson, context={"region": self.region}).data)


class LessonDetailApi(LessonApiView):
    """One lesson: read it; set its topic (its journal's teachers) or move it (the administration)."""

    @extend_schema(responses=ScheduleLessonOutput)
    def get(self, request: Request, pk: int) -> Response:
        return self.lesson_response(get_lesson_for_user(request.user, pk))

    @extend_schema(request=LessonChangeInput, responses=ScheduleLessonOutput)
    def patch(self, request: Request, pk: int) -> Response:
        data = LessonChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        moves = {name: fields[name] for name in RESCHEDULING if name in fields}
        lesson = get_lesson_for_user(request.user, pk)
        with transaction.atomic():
            if moves:
                lesson = move_lesson(region=self.region, lesson=lesson, actor=request.user, **moves)
            if "topic" in fields:
                lesson = set_topic(
                    region=self.region, lesson=lesson, topic=fields["topic"], actor=request.user
                )
        return self.lesson_response(lesson)


class LessonCancelApi(LessonApiView):
    """Cancel a lesson, with the reason (the class group's administration)."""

    @extend_schema(request=LessonCancelInput, responses=ScheduleLessonOutput)
    def post(self, request: Request, pk: int) -> Response:
        lesson = get_lesson_for_user(request.user, pk)
        data = LessonCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        lesson = cancel_lesson(region=self.region, lesson=lesson, actor=request.user, **data.validated_data)
        return self.lesson_response(lesson)
