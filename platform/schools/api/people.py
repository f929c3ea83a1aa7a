"""Region API: people of the region and parent–child links.

Who is listed is access.scope.people_listed_for; who may be created by whom is
access.scope.creatable_roles. A new person gets an e-mail to set their password.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from access import fetch, scope
from accounts.models import Role, User
from myschool.errors import ApplicationError, Forbidden
from myschool.region_api import RegionApiView
from schedule.times import region_today
from schools import selectors, services
from schools.api.serializers import (
    GuardianshipFilter,
    GuardianshipInput,
    GuardianshipOutput,
    PeopleFilter,
    PersonInput,
    PersonOutput,
)


class PeopleListApi(RegionApiView):
    """People the caller may see, filtered by role, school or class group (enrolled on `date`,
    default today); the region admin adds anyone, a school admin teachers, pupils and parents.

    A school admin's new teacher works at their school, a new pupil comes with
    one of their class groups and a new parent with one of their pupils.
    """

    @extend_schema(parameters=[PeopleFilter], responses=PersonOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = PeopleFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        fields = dict(filters.validated_data)
        on = fields.pop("date", None) or region_today(self.region)
        return self.paginated(selectors.people_of(request.user, on=on, **fields), PersonOutput)

    @extend_schema(request=PersonInput, responses={201: PersonOutput})
    def post(self, request: Request) -> Response:
        data = PersonInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        person = services.add_person(
            region=self.region,
            email=fields["email"],
            full_name=fields["full_name"],
            role=fields["role"],
            actor=request.user,
            starts_on=fields.get("starts_on"),
            **self.place(request.user, fields),
        )
        person = selectors.with_schools(User.objects.filter(pk=person.pk)).get()
        return Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)

    def place(self, user: User, fields: dict) -> dict:
        """The school, class group and children named in `fields`, as far as `user` may use them."""
        role = fields["role"]
        if role not in scope.creatable_roles(user):
            raise Forbidden.for_field(
                "role", _("You may not add people with the role “%(role)s”.") % {"role": Role(role).label}
            )
        bound = scope.new_people_need_a_place(user)
        if bound and role == Role.PUPIL and "class_group" not in fields:
            raise ApplicationError.for_field("class_group", _("Give the class group the new pupil joins."))
        if bound and role == Role.PARENT and not fields["children"]:
            raise ApplicationError.for_field("children", _("Give at least one child of the new parent."))
        schools = scope.schools_for(user, manage=True)
        place: dict = {"school": None, "class_group": None}
        if "school" in fields:
            place["school"] = fetch.get_referenced(schools, fields["school"], "school", _("school"))
        elif bound and role == Role.TEACHER and schools.count() == 1:
            place["school"] = schools.get()  # a school admin's new teacher works at their school
        if "class_group" in fields:
            groups = scope.managed_class_groups(user).select_related("academic_year")
            place["class_group"] = fetch.get_referenced(
                groups, fields["class_group"], "class_group", _("class group")
            )
        place["children"] = [
            fetch.get_referenced(scope.current_pupils_for(user), pk, "children", _("pupil"))
            for pk in fields["children"]
        ]
        return place


class PersonDetailApi(RegionApiView):
    """One person the caller may see, with the schools they work at."""

    @extend_schema(responses=PersonOutput)
    def get(self, request: Request, pk: str) -> Response:
        return Response(PersonOutput(fetch.get_person_for_user(request.user, pk)).data)


class GuardianshipListApi(RegionApiView):
    """Parent–child links: the admins' (of the pupils they see), a parent's own children, a pupil's
    own parents; the region admin or a school admin links a parent to a child."""

    @extend_schema(parameters=[GuardianshipFilter], responses=GuardianshipOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = GuardianshipFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(
            selectors.guardianships_of(request.user, **filters.validated_data), GuardianshipOutput
        )

    @extend_schema(request=GuardianshipInput, responses={201: GuardianshipOutput})
    def post(self, request: Request) -> Response:
        user = request.user
        fetch.require_school_management(user)
        data = GuardianshipInput(data=request.data)
        data.is_valid(raise_exception=True)
        link = services.link_parent(
            region=self.region,
            parent=fetch.get_referenced(
                scope.linkable_parents(user), data.validated_data["parent"], "parent", _("parent")
            ),
            child=fetch.get_referenced(
                scope.current_pupils_for(user), data.validated_data["child"], "child", _("pupil")
            ),
            actor=user,
        )
        return Response(GuardianshipOutput(link).data, status=status.HTTP_201_CREATED)
