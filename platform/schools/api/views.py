"""Region API: schools, subjects, class groups, their enrolments and teaching assignments.

Who may read or change what is access.scope / access.fetch: an object out of
the caller's reach is 404 like a missing one; a region-wide write by someone
who may not make it (a teacher opening a school) is 403. Ids named in a
request body that are out of reach are a 400 naming the field.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from academics.models import AcademicYear
from access import fetch, scope
from accounts.models import Role
from myschool.region_api import RegionApiView
from schedule.times import region_today
from schools import selectors, services
from schools.api.serializers import (
    AssignmentInput,
    AssignmentOutput,
    ClassGroupDetailOutput,
    ClassGroupFilter,
    ClassGroupInput,
    ClassGroupOutput,
    DayFilter,
    EnrolmentInput,
    EnrolmentOutput,
    SchoolInput,
    SchoolOutput,
    SubjectInput,
    SubjectOutput,
)
from schools.models import Subject


class SchoolListApi(RegionApiView):
    """Schools the caller sees; the region admin opens a new one."""

    @extend_schema(responses=SchoolOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.schools_of(request.user), SchoolOutput)

    @extend_schema(request=SchoolInput, responses={201: SchoolOutput})
    def post(self, request: Request) -> Response:
        data = SchoolInput(data=request.data)
        data.is_valid(raise_exception=True)
        school = services.create_school(region=self.region, actor=request.user, **data.validated_data)
        return Response(SchoolOutput(school).data, status=status.HTTP_201_CREATED)


class SchoolDetailApi(RegionApiView):
    """One school; the region admin or its school admin renames it or changes its address."""

    @extend_schema(responses=SchoolOutput)
    def get(self, request: Request, pk: str) -> Response:
        return Response(SchoolOutput(fetch.get_school_for_user(request.user, pk)).data)

    @extend_schema(request=SchoolInput(partial=True), responses=SchoolOutput)
    def patch(self, request: Request, pk: str) -> Response:
        school = fetch.get_school_for_user(request.user, pk, manage=True)
        data = SchoolInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        school = services.change_school(
            region=self.region, school=school, actor=request.user, **data.validated_data
        )
        return Response(SchoolOutput(school).data)


class SubjectListApi(RegionApiView):
    """The region's subjects and their grading scales; the region admin adds one."""

    @extend_schema(responses=SubjectOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.subjects(), SubjectOutput)

    @extend_schema(request=SubjectInput, responses={201: SubjectOutput})
    def post(self, request: Request) -> Response:
        data = SubjectInput(data=request.data)
        data.is_valid(raise_exception=True)
        subject = services.create_subject(region=self.region, actor=request.user, **data.validated_data)
        return Response(SubjectOutput(subject).data, status=status.HTTP_201_CREATED)


class ClassGroupListApi(RegionApiView):
    """Class groups the caller may read (staff), filtered by school, grade and school year;
    the region admin or a school admin (in their school) opens one."""

    @extend_schema(parameters=[ClassGroupFilter], responses=ClassGroupOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = ClassGroupFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(
            selectors.class_groups_of(request.user, **filters.validated_data), ClassGroupOutput
        )

    @extend_schema(request=ClassGroupInput, responses={201: ClassGroupOutput})
    def post(self, request: Request) -> Response:
        user = request.user
        data = ClassGroupInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        class_teacher = None
        if "class_teacher" in fields:
            teachers = scope.people_listed_for(user).filter(role=Role.TEACHER)
            class_teacher = fetch.get_referenced(
                teachers, fields["class_teacher"], "class_teacher", _("teacher")
            )
        group = services.create_class_group(
            region=self.region,
            school=fetch.get_referenced(scope.schools_for(user), fields["school"], "school", _("school")),
            academic_year=fetch.get_referenced(
                AcademicYear.objects.all(), fields["academic_year"], "academic_year", _("academic year")
            ),
            grade=fields["grade"],
            letter=fields["letter"],
            class_teacher=class_teacher,
            actor=user,
        )
        return Response(ClassGroupOutput(group).data, status=status.HTTP_201_CREATED)


class ClassGroupDetailApi(RegionApiView):
    """A class group with the pupils enrolled in it on `date` (default: today in the region)."""

    @extend_schema(parameters=[DayFilter], responses=ClassGroupDetailOutput)
    def get(self, request: Request, pk: str) -> Response:
        group = fetch.get_roster_for_user(request.user, pk)
        filters = DayFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        day = filters.validated_data.get("date") or region_today(self.region)
        pupils = selectors.pupils_on(group, day)
        return Response(ClassGroupDetailOutput(group, context={"date": day, "pupils": pupils}).data)


class EnrolmentListApi(RegionApiView):
    """Every enrolment of a class group, ended ones included; enrol or move a pupil into it.

    A pupil enrolled elsewhere leaves there the day before `starts_on`, and that
    enrolment stays in the history.
    """

    @extend_schema(responses=EnrolmentOutput(many=True))
    def get(self, request: Request, pk: str) -> Response:
        group = fetch.get_roster_for_user(request.user, pk)
        return self.paginated(selectors.enrolment_history(group), EnrolmentOutput)

    @extend_schema(request=EnrolmentInput, responses={201: EnrolmentOutput})
    def post(self, request: Request, pk: str) -> Response:
        group = fetch.get_class_group_for_user(request.user, pk, manage=True)
        data = EnrolmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrol_pupil(
            region=self.region,
            pupil=fetch.get_pupil_to_enrol(request.user, data.validated_data["pupil"]),
            class_group=group,
            starts_on=data.validated_data["starts_on"],
            actor=request.user,
        )
        return Response(EnrolmentOutput(enrolment).data, status=status.HTTP_201_CREATED)


class AssignmentListApi(RegionApiView):
    """Who teaches what in a class group; assign a teacher of the school a subject (idempotent)."""

    @extend_schema(responses=AssignmentOutput(many=True))
    def get(self, request: Request, pk: str) -> Response:
        group = fetch.get_roster_for_user(request.user, pk)
        return self.paginated(selectors.assignments_of(group), AssignmentOutput)

    @extend_schema(request=AssignmentInput, responses={201: AssignmentOutput})
    def post(self, request: Request, pk: str) -> Response:
        user = request.user
        group = fetch.get_class_group_for_user(user, pk, manage=True)
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        teachers = scope.people_listed_for(user).filter(role=Role.TEACHER)
        assignment = services.assign_teacher(
            region=self.region,
            teacher=fetch.get_referenced(teachers, data.validated_data["teacher"], "teacher", _("teacher")),
            subject=fetch.get_referenced(
                Subject.objects.all(), data.validated_data["subject"], "subject", _("subject")
            ),
            class_group=group,
            actor=user,
        )
        return Response(AssignmentOutput(assignment).data, status=status.HTTP_201_CREATED)


class AssignmentDetailApi(RegionApiView):
    """Take a subject of a class group away from a teacher; refused (409) while lessons depend on it."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str, assignment_pk: str) -> Response:
        group = fetch.get_class_group_for_user(request.user, pk, manage=True)
        assignment = fetch.get_or_not_found(
            selectors.assignments_of(group), assignment_pk, _("teaching assignment")
        )
        services.remove_assignment(region=self.region, assignment=assignment, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
