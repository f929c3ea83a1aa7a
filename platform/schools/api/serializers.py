"""Input and output shapes of the schools and people API. Validation of meaning lives in the services."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import REGION_ROLES, Role, User
from myschool.fields import DateField
from myschool.serializers import PersonRefOutput, RefOutput
from schools.models import ClassGroup, Enrolment, Guardianship, School, Subject, TeachingAssignment

ROLE_CHOICES = [(role.value, role.label) for role in Role if role in REGION_ROLES]


class SchoolOutput(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "name", "short_name", "address"]


class SchoolInput(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PersonOutput(serializers.ModelSerializer):
    schools = serializers.SerializerMethodField(help_text="Schools a school admin or teacher works at")

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "is_active", "schools"]

    def get_schools(self, person: User) -> list[dict]:
        return RefOutput([m.school for m in person.staff_memberships.all()], many=True).data


class PeopleFilter(serializers.Serializer):
    role = serializers.ChoiceField(ROLE_CHOICES, required=False)
    school = serializers.IntegerField(required=False, help_text="Its staff and the pupils enrolled there")
    class_group = serializers.IntegerField(required=False, help_text="Its pupils")
    date = DateField(required=False, help_text="Enrolments on this day; default: today")


class PersonInput(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    full_name = serializers.CharField(max_length=300)
    role = serializers.ChoiceField(ROLE_CHOICES)
    school = serializers.IntegerField(
        required=False, help_text="Staff: the school they work at (a school admin's own by default)"
    )
    class_group = serializers.IntegerField(required=False, help_text="Pupils: the class group they join")
    starts_on = DateField(required=False, help_text="Pupils: enrolled from; default: today")
    children = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Parents: their children"
    )


class SubjectOutput(serializers.ModelSerializer):
    grading_scale = serializers.CharField(source="grading_scale.code")

    class Meta:
        model = Subject
        fields = ["id", "name", "short_name", "grading_scale"]


class SubjectInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    short_name = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    grading_scale = serializers.CharField(default="five_point", help_text="Code of a scale in use")


class ClassGroupOutput(serializers.ModelSerializer):
    school = RefOutput()
    academic_year = RefOutput()
    class_teacher = PersonRefOutput(allow_null=True)

    class Meta:
        model = ClassGroup
        fields = ["id", "name", "grade", "letter", "school", "academic_year", "class_teacher"]


class EnrolledPupilOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pupil.id")
    full_name = serializers.CharField(source="pupil.full_name")
    enrolled_from = serializers.DateField(source="starts_on")


class ClassGroupDetailOutput(ClassGroupOutput):
    date = serializers.SerializerMethodField(help_text="The day the pupils are listed for")
    pupils = serializers.SerializerMethodField()

    class Meta(ClassGroupOutput.Meta):
        fields = [*ClassGroupOutput.Meta.fields, "date", "pupils"]

    def get_date(self, group: ClassGroup) -> str:
        return str(self.context["date"])

    def get_pupils(self, group: ClassGroup) -> list[dict]:
        return EnrolledPupilOutput(self.context["pupils"], many=True).data


class ClassGroupFilter(serializers.Serializer):
    school = serializers.IntegerField(required=False)
    grade = serializers.IntegerField(required=False, min_value=1, max_value=11)
    academic_year = serializers.IntegerField(required=False)


class ClassGroupInput(serializers.Serializer):
    school = serializers.IntegerField()
    academic_year = serializers.IntegerField()
    grade = serializers.IntegerField(min_value=1, max_value=11)
    letter = serializers.CharField(max_length=4)
    class_teacher = serializers.IntegerField(required=False)


class DayFilter(serializers.Serializer):
    date = DateField(required=False, help_text="Default: today in the region")


class EnrolmentOutput(serializers.ModelSerializer):
    pupil = PersonRefOutput()

    class Meta:
        model = Enrolment
        fields = ["id", "pupil", "starts_on", "ends_on"]


class EnrolmentInput(serializers.Serializer):
    pupil = serializers.IntegerField()
    starts_on = DateField(help_text="A pupil enrolled elsewhere leaves there the day before")


class AssignmentOutput(serializers.ModelSerializer):
    teacher = PersonRefOutput()
    subject = RefOutput()

    class Meta:
        model = TeachingAssignment
        fields = ["id", "teacher", "subject"]


class AssignmentInput(serializers.Serializer):
    teacher = serializers.IntegerField()
    subject = serializers.IntegerField()


class GuardianshipOutput(serializers.ModelSerializer):
    parent = PersonRefOutput()
    child = PersonRefOutput()

    class Meta:
        model = Guardianship
        fields = ["id", "parent", "child"]


class GuardianshipFilter(serializers.Serializer):
    parent = serializers.IntegerField(required=False)
    child = serializers.IntegerField(required=False)


class GuardianshipInput(serializers.Serializer):
    parent = serializers.IntegerField()
    child = serializers.IntegerField()
