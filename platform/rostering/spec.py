"""The OneRoster 1.2 CSV binding as far as rostering reads and writes it: files, columns, values."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role

ONEROSTER_VERSION = "1.2"


@dataclass(frozen=True)
class FileSpec:
    """A bundle file: its columns in the standard's order and which of them must have a value."""

    name: str
    columns: tuple[str, ...]
    required: frozenset[str]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _spec(name: str, columns: str, required: str) -> FileSpec:
    return FileSpec(name, tuple(columns.split()), frozenset(required.split()))


# Files in the order an import reads them: each refers only to files before it
# (users' agents refer to other users, checked once all users are staged).
ROSTER_FILES = (
    _spec(
        "orgs",
        "sourcedId status dateLastModified name type identifier parentSourcedId",
        "sourcedId name type",
    ),
    _spec(
        "academicSessions",
        "sourcedId status dateLastModified title type startDate endDate parentSourcedId schoolYear",
        "sourcedId title type startDate endDate schoolYear",
    ),
    _spec(
        "courses",
        "sourcedId status dateLastModified schoolYearSourcedId title courseCode grades orgSourcedId"
        " subjects subjectCodes",
        "sourcedId title orgSourcedId",
    ),
    _spec(
        "classes",
        "sourcedId status dateLastModified title grades courseSourcedId classCode classType location"
        " schoolSourcedId termSourcedIds subjects subjectCodes periods",
        "sourcedId title courseSourcedId classType schoolSourcedId termSourcedIds",
    ),
    _spec(
        "users",
        "sourcedId status dateLastModified enabledUser username userIds givenName familyName middleName"
        " identifier email sms phone agentSourcedIds grades password userMasterIdentifier"
        " resourceSourcedIds preferredGivenName preferredMiddleName preferredFamilyName"
        " primaryOrgSourcedId pronouns",
        "sourcedId enabledUser username givenName familyName",
    ),
    _spec(
        "roles",
        "sourcedId status dateLastModified userSourcedId roleType role beginDate endDate orgSourcedId"
        " userProfileSourcedId",
        "sourcedId userSourcedId roleType role orgSourcedId",
    ),
    _spec(
        "enrollments",
        "sourcedId status dateLastModified classSourcedId schoolSourcedId userSourcedId role primary"
        " beginDate endDate",
        "sourcedId classSourcedId schoolSourcedId userSourcedId role",
    ),
    _spec(
        "demographics",
        "sourcedId status dateLastModified birthDate sex americanIndianOrAlaskaNative asian"
        " blackOrAfricanAmerican nativeHawaiianOrOtherPacificIslander white demographicRaceTwoOrMoreRaces"
        " hispanicOrLatinoEthnicity countryOfBirthCode stateOfBirthAbbreviation cityOfBirth"
        " publicSchoolResidenceStatus",
        "sourcedId",
    ),
)
GRADEBOOK_FILES = (
    _spec("categories", "sourcedId status dateLastModified title weight", "sourcedId title"),
    _spec(
        "scoreScales",
        "sourcedId status dateLastModified title type courseSourcedId classSourcedId scoreScaleValue",
        "sourcedId title type classSourcedId scoreScaleValue",
    ),
    _spec(
        "lineItems",
        "sourcedId status dateLastModified title description assignDate dueDate classSourcedId"
        " categorySourcedId gradingPeriodSourcedId academicSessionSourcedId schoolSourcedId"
        " resultValueMin resultValueMax scoreScaleSourcedId",
        "sourcedId title assignDate dueDate classSourcedId categorySourcedId",
    ),
    _spec(
        "results",
        "sourcedId status dateLastModified lineItemSourcedId studentSourcedId classSourcedId"
        " scoreScaleSourcedId scoreStatus score textScore scoreDate comment",
        "sourcedId lineItemSourcedId studentSourcedId scoreStatus scoreDate",
    ),
)
FILES = {spec.name: spec for spec in ROSTER_FILES}
GRADEBOOK = {spec.name: spec for spec in GRADEBOOK_FILES}
# Files an import understands; the manifest may list others only as `absent`.
KNOWN_FILES = frozenset(FILES) | frozenset(spec.name for spec in GRADEBOOK_FILES) | {
    "classResources", "courseResources", "resources", "userProfiles", "userResources",
    "lineItemLearningObjectiveIds", "lineItemScoreScales", "resultLearningObjectiveIds",
    "resultScoreScales",
}

MODES = ("bulk", "delta", "absent")
STATUSES = ("active", "tobedeleted")
ORG_TYPES = ("department", "school", "district", "local", "state", "national")
SESSION_TYPES = ("gradingPeriod", "semester", "schoolYear", "term")
CLASS_TYPES = ("homeroom", "scheduled")
ROLE_TYPES = ("primary", "secondary")
ENROLLMENT_ROLES = ("administrator", "proctor", "student", "teacher")
TRUE_FALSE = ("true", "false")

# OneRoster roles -> the region's roles. Region administrators are appointed
# in the region's settings, never by a bundle.
ROLE_MAP = {
    "student": Role.PUPIL,
    "teacher": Role.TEACHER,
    "aide": Role.TEACHER,
    "proctor": Role.TEACHER,
    "counselor": Role.TEACHER,
    "parent": Role.PARENT,
    "guardian": Role.PARENT,
    "relative": Role.PARENT,
    "principal": Role.SCHOOL_ADMIN,
    "siteAdministrator": Role.SCHOOL_ADMIN,
}
UNSUPPORTED_ROLES = ("districtAdministrator", "systemAdministrator")
ROLES = tuple(ROLE_MAP) + UNSUPPORTED_ROLES
# The region's roles -> the role an export writes.
EXPORT_ROLE = {
    Role.PUPIL: "student", Role.TEACHER: "teacher", Role.PARENT: "parent",
    Role.SCHOOL_ADMIN: "principal", Role.REGION_ADMIN: "districtAdministrator",
}
# How many terms a school year has -> its period scheme.
SCHEME_BY_TERMS = {4: "quarters", 3: "trimesters", 2: "halves"}
