"""The diary of a pupil, as pupils and parents read it: the week, and averages per subject. Region schema.

The caller has checked that the reader may see the pupil (access.fetch.get_pupil_for_user).
A pupil sees the lessons of the class group they were enrolled in on each
lesson's date, so after a move mid-week the old class shows before the move
and the new one after. Staff read only the days the pupil spent in the class
groups they see (access.scope.enrolments_seen_by): the former school's week
after a move is empty, its averages hold only the marks given there.

The week, the API's busiest read, is read once for every reader (the API, the
pages): diary_week, plain rows through prepared queries (myschool.prepared).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from academics.models import AcademicYear, Period
from academics.selectors import periods_of
from access import scope
from access.fetch import AnyUser
from accounts.models import User
from journal.averages import averages
from journal.models import FinalMark, Homework, Mark
from journal.selectors import ATTACHMENT_COLUMNS, with_attachments
from myschool.errors import ApplicationError
from myschool.prepared import Day, Id, Ids, Param, PreparedQuery, any_of
from schedule.models import Lesson
from schedule.times import region_today
from schools.models import ClassGroup, Enrolment, Subject, enrolled_during
from tenants.context import require_region
from tenants.models import Region


@dataclass(frozen=True)
class DiaryDay:
    date: date
    lessons: list[dict[str, Any]]
    homework_due: list[dict[str, Any]]


@dataclass(frozen=True)
class DiaryWeek:
    """A pupil's week as diary_week reads it: days of plain rows (dicts of column values).

    A lesson row (Lesson columns, `subject__name`, `teacher__full_name`) also
    has `marks` (rows with `kind__name`), `attendance` (a row or None) and
    `homework`; a homework row (with `lesson__subject_id`, `lesson__subject__name`,
    `lesson__date`, `due_lesson__date`) has `attachments` (title, url, file).
    """

    pupil: User
    starts_on: date
    ends_on: date
    days: list[DiaryDay]


@dataclass(frozen=True)
class SubjectRef:
    """A subject as the diary names it."""

    id: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class SubjectAverage:
    subject: SubjectRef
    average: Decimal | None
    final_mark: str | None  # the value of the period (or year) mark


@dataclass(frozen=True)
class SubjectAverages:
    pupil: User
    academic_year: AcademicYear
    period: Period | None
    subjects: list[SubjectAverage]


def enrolled(pupil_id: Id, class_group: str, day: str) -> Exists:
    """Whether the pupil is enrolled in the outer row's `class_group` on its `day` (both field paths)."""
    return Exists(
        Enrolment.objects.filter(
            enrolled_during(OuterRef(day)), pupil_id=pupil_id, class_group=OuterRef(class_group)
        )
    )


def pupil_lessons(pupil_id: Id, group_ids: Ids, starts_on: Day, ends_on: Day) -> QuerySet[Lesson]:
    """Lessons from `starts_on` to `ends_on` of class groups `group_ids`, those the pupil was in that day."""
    return Lesson.objects.filter(
        any_of("class_group_id", group_ids),  # the database starts from the pupil's class groups
        date__gte=starts_on,
        date__lte=ends_on,
    ).filter(enrolled(pupil_id, "class_group", "date"))


def week_around(day: date) -> tuple[date, date]:
    """The Monday and the Sunday of the week `day` is in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


class EnrolmentSpans:
    """When the pupil was in which class group (from enrolment rows): "in this class group that day?".

    The week's reads filter by these class group ids, so the (class group,
    date) indexes narrow the search, and drop in Python what falls outside an
    enrolment, rather than ask the database a correlated subquery per row.
    """

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for row in rows:
            self.spans[row["class_group_id"]].append((row["starts_on"], row["ends_on"]))
        self.group_ids = list(self.spans)

    def on(self, group_id: int, day: date) -> bool:
        """Whether the pupil was in class group `group_id` on `day`."""
        return any(
            starts_on <= day and (ends_on is None or day <= ends_on)
            for starts_on, ends_on in self.spans.get(group_id, ())
        )


def pupil_enrolments(pupil_id: Id, seen: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """The pupil's enrolments among `seen` as rows for EnrolmentSpans."""
    return (
        Enrolment.objects.filter(pupil_id=pupil_id, pk__in=seen.values("pk"))
        .order_by()
        .values("class_group_id", "starts_on", "ends_on")
    )


@cache
def enrolment_rows(role: str, is_active: bool) -> PreparedQuery:
    """pupil_enrolments of the pupil (Param `pupil`) that a reader of `role` (Param `user`) sees."""
    seen = scope.enrolments_seen_by(AnyUser(role, is_active))
    return PreparedQuery(lambda: pupil_enrolments(Param("pupil"), seen))


def seen_spans(reader: User, pupil: User) -> EnrolmentSpans:
    """When `pupil` was in the class groups whose records of them `reader` sees (one query)."""
    return EnrolmentSpans(enrolment_rows(reader.role, reader.is_active).rows(pupil=pupil.pk, user=reader.pk))


def week_lessons(group_ids: Ids, monday: Day, sunday: Day) -> QuerySet[Lesson]:
    """The lessons of class groups `group_ids` in the week, in time order (keep those EnrolmentSpans.on)."""
    return Lesson.objects.filter(
        any_of("class_group_id", group_ids), date__gte=monday, date__lte=sunday
    ).order_by("date", "starts_at", "id")


def week_marks(pupil_id: Id, lesson_ids: Ids) -> QuerySet[Mark]:
    """The pupil's marks (not deleted) at `lesson_ids`, oldest first."""
    return Mark.objects.filter(
        any_of("lesson_id", lesson_ids), pupil_id=pupil_id, deleted_at__isnull=True
    ).order_by("created_at", "id")


HOMEWORK_ORDER = ("lesson__date", "lesson__starts_at", "id")  # the diary's order of homework


def week_homework(group_ids: Ids, lesson_ids: Ids, monday: Day, sunday: Day) -> QuerySet[Homework]:
    """Homework set or due at `lesson_ids`, or due in the week in class groups `group_ids`.

    A superset: place_homework keeps what the pupil sees.
    """
    return Homework.objects.filter(
        Q(any_of("lesson_id", lesson_ids))
        | Q(any_of("due_lesson_id", lesson_ids))
        | Q(
            any_of("class_group_id", group_ids),
            due_lesson__isnull=True,
            due_on__gte=monday,
            due_on__lte=sunday,
        )
    ).order_by(*HOMEWORK_ORDER)


T = TypeVar("T")
# (homework, its lesson id, class group id, due date, due lesson id, the due lesson's date)
Placement = tuple[T, int, int, date, int | None, date | None]


def place_homework(
    items: Iterable[Placement[T]], lesson_ids: list[int], spans: EnrolmentSpans, monday: date, sunday: date
) -> tuple[dict[int, list[T]], dict[date, list[T]]]:
    """Homework by the lesson it was set at, and by the day it is due, among what the pupil sees this week.

    Due at one of `lesson_ids`: due that lesson's day; without a due lesson:
    due on its date if the pupil was in its class group that day.
    """
    visible = set(lesson_ids)
    set_at: dict[int, list[T]] = defaultdict(list)
    due: dict[date, list[T]] = defaultdict(list)
    for item, lesson_id, group_id, due_on, due_lesson_id, due_lesson_date in items:
        if lesson_id in visible:
            set_at[lesson_id].append(item)
        if due_lesson_id in visible:
            due[due_lesson_date].append(item)
        elif due_lesson_id is None and monday <= due_on <= sunday and spans.on(group_id, due_on):
            due[due_on].append(item)
    return set_at, due


# What the diary shows (see DiaryWeek), read by prepared queries: the API's busiest read.
# The pupil's attendance comes with the lessons (at most one row each) and the attachments
# with the homework (a row per attachment): two statements fewer.
LESSON_ROWS = PreparedQuery(
    lambda: week_lessons(Param("groups"), Param("monday"), Param("sunday"))
    .alias(
        pupil_attendance=FilteredRelation("attendance", condition=Q(attendance__pupil_id=Param("pupil")))
    )
    .values(
        *("id", "class_group_id", "date", "starts_at", "ends_at", "subject_id", "subject__name"),
        *("teacher__full_name", "room", "topic", "status", "cancel_reason"),
        *("pupil_attendance__status", "pupil_attendance__reason"),
    )
)
MARK_ROWS = PreparedQuery(
    lambda: week_marks(Param("pupil"), Param("lessons")).values(
        "lesson_id", "value", "kind__name", "weight", "comment"
    )
)
HOMEWORK_ROWS = PreparedQuery(
    lambda: week_homework(Param("groups"), Param("lessons"), Param("monday"), Param("sunday"))
    .order_by(*HOMEWORK_ORDER, "attachments__id")
    .values(
        *("id", "lesson_id", "class_group_id", "lesson__subject_id", "lesson__subject__name", "lesson__date"),
        *("text", "due_on", "due_lesson_id", "due_lesson__date"),
        *ATTACHMENT_COLUMNS,
    )
)


def diary_week(*, region: Region, pupil: User, reader: User, week_of: date) -> DiaryWeek:
    """The pupil's week, Monday to Sunday, around `week_of`, as `reader` sees it: plain rows (DiaryWeek).

    Each day lists the pupil's lessons (cancelled ones too, marked so) with the
    pupil's marks, attendance and the homework set there, and the homework due
    that day (at a due lesson on that day, or due on that date). Four SQL
    queries whatever the week holds; the API and the pages render the same rows.
    """
    require_region(region)
    monday, sunday = week_around(week_of)
    spans = seen_spans(reader, pupil)
    week = {"groups": spans.group_ids, "monday": monday, "sunday": sunday}
    lessons = [
        row
        for row in LESSON_ROWS.rows(pupil=pupil.pk, **week)
        if spans.on(row["class_group_id"], row["date"])
    ]
    ids = [row["id"] for row in lessons]
    marks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in MARK_ROWS.rows(pupil=pupil.pk, lessons=ids):
        marks[row["lesson_id"]].append(row)
    homework = with_attachments(HOMEWORK_ROWS.rows(lessons=ids, **week))
    set_at, due_on = place_homework(
        (
            (
                item,
                item["lesson_id"],
                item["class_group_id"],
                item["due_on"],
                item["due_lesson_id"],
                item["due_lesson__date"],
            )
            for item in homework
        ),
        ids,
        spans,
        monday,
        sunday,
    )
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for lesson in lessons:
        status, reason = lesson.pop("pupil_attendance__status"), lesson.pop("pupil_attendance__reason")
        lesson.update(
            marks=marks[lesson["id"]],
            attendance=None if status is None else {"status": status, "reason": reason},
            homework=set_at[lesson["id"]],
        )
        by_day[lesson["date"]].append(lesson)
    days = [monday + timedelta(days=n) for n in range(7)]
    return DiaryWeek(
        pupil=pupil,
        starts_on=monday,
        ends_on=sunday,
        days=[DiaryDay(day, by_day[day], due_on[day]) for day in days],
    )


# The diary's averages look these up on every read: prepared (myschool.prepared).
LATEST_ENROLMENT = PreparedQuery(
    lambda: Enrolment.objects.filter(pupil_id=Param("pupil"), starts_on__lte=Param("day"))
    .select_related("class_group__academic_year")
    .order_by("-starts_on", "-id")[:1]
)
PERIOD_IN_YEAR = PreparedQuery(lambda: Period.objects.select_related("academic_year").filter(pk=Param("pk")))


def class_group_on(pupil: User, day: date) -> ClassGroup | None:
    """The class group `pupil` is in on `day`, else the last one they were in before it."""
    enrolments = LATEST_ENROLMENT.objects(pupil=pupil.pk, day=day)
    return enrolments[0].class_group if enrolments else None


def averages_period(*, region: Region, pupil: User, period_id: int | None = None) -> Period:
    """The period to average over: `period_id`, or the pupil's period containing today.

    In the holidays between periods it is the last period that has begun. A
    period of another scheme than the pupil's grade uses (halves in grade 5) is
    refused with an error naming `period`.
    """
    require_region(region)
    today = region_today(region)
    if period_id is not None:
        periods = PERIOD_IN_YEAR.objects(pk=period_id)
        if not periods:
            raise ApplicationError.for_field("period", _("No period with id %(id)s.") % {"id": period_id})
        period = periods[0]
        group = class_group_on(pupil, period.ends_on)
        if group is not None and group.academic_year_id == period.academic_year_id:
            expected = period.academic_year.scheme_for_grade(group.grade)
            if period.scheme != expected:
                raise ApplicationError.for_field(
                    "period",
                    _("%(period)s is not a period of grade %(grade)s, which has %(scheme)s.")
                    % {"period": period, "grade": group.grade, "scheme": expected},
                )
        return period
    group = class_group_on(pupil, today)
    periods = periods_of(group.academic_year, group.grade) if group else []
    begun = [period for period in periods if period.starts_on <= today]
    if not periods:
        raise ApplicationError.for_field("period", _("The pupil has no periods now; name the period."))
    return begun[-1] if begun else periods[0]


def academic_year_by_id(pk: int) -> AcademicYear:
    """The academic year with id `pk`, or an error naming `academic_year`."""
    year = AcademicYear.objects.filter(pk=pk).first()
    if year is None:
        raise ApplicationError.for_field("academic_year", _("No academic year with id %(id)s.") % {"id": pk})
    return year


def averaged_subjects(
    pupil_id: Id, group_ids: Ids, starts_on: Day, ends_on: Day, also: Ids
) -> QuerySet[Subject]:
    """Subjects of the pupil's lessons in `group_ids` from `starts_on` to `ends_on`, and `also`, by name."""
    taught = pupil_lessons(pupil_id, group_ids, starts_on, ends_on).values("subject_id")
    return Subject.objects.filter(Q(pk__in=taught) | Q(any_of("pk", also))).order_by("name")


# What subject_averages reads, prepared: the diary's second busiest read.
SUBJECT_ROWS = PreparedQuery(
    lambda: averaged_subjects(
        Param("pupil"), Param("groups"), Param("starts_on"), Param("ends_on"), Param("also")
    ).values("id", "name")
)
PERIOD_MARK_ROWS = PreparedQuery(
    lambda: FinalMark.objects.filter(pupil_id=Param("pupil"), period_id=Param("period")).values(
        "subject_id", "value"
    )
)
YEAR_MARK_ROWS = PreparedQuery(
    lambda: FinalMark.objects.filter(
        pupil_id=Param("pupil"), academic_year_id=Param("year"), period__isnull=True
    ).values("subject_id", "value")
)


def subject_averages(
    *,
    region: Region,
    pupil: User,
    reader: User,
    period: Period | None = None,
    academic_year: AcademicYear | None = None,
) -> SubjectAverages:
    """Per subject, the pupil's weighted average over `period` (or `academic_year`) and the final mark,
    as `reader` sees them: of the lessons and marks of the class groups whose records they see.

    The final mark is the period mark for a period, the year mark for a year;
    None until the teacher sets it, and for a reader who does not see the class
    group the pupil was in at its end (who set it). Subjects are those the
    pupil had lessons, marks or a final mark in, by name; the average is None
    without marks that count. At most five SQL queries.
    """
    require_region(region)
    if (period is None) == (academic_year is None):
        raise ApplicationError.for_field("period", _("Name either a period or an academic year."))
    if period is not None:
        academic_year = period.academic_year
        starts_on, ends_on = period.starts_on, period.ends_on
        finals = PERIOD_MARK_ROWS.rows(pupil=pupil.pk, period=period.pk)
    else:
        starts_on, ends_on = academic_year.starts_on, academic_year.ends_on
        finals = YEAR_MARK_ROWS.rows(pupil=pupil.pk, year=academic_year.pk)
    groups = seen_spans(reader, pupil).group_ids
    at_the_end = class_group_on(pupil, ends_on) if finals else None
    if at_the_end is not None and at_the_end.pk not in groups:
        finals = []
    averaged = {
        subject: value
        for (_pupil, subject), value in averages(
            starts_on=starts_on, ends_on=ends_on, pupil_ids=[pupil.pk], class_group_ids=groups
        ).items()
    }
    final_marks = {final["subject_id"]: final["value"] for final in finals}
    subjects = SUBJECT_ROWS.rows(
        pupil=pupil.pk, groups=groups, starts_on=starts_on, ends_on=ends_on, also=[*averaged, *final_marks]
    )
    return SubjectAverages(
        pupil=pupil,
        academic_year=academic_year,
        period=period,
        subjects=[
            SubjectAverage(
                SubjectRef(row["id"], row["name"]), averaged.get(row["id"]), final_marks.get(row["id"])
            )
            for row in subjects
        ],
    )


def children_for(*, region: Region, parent: User, today: date) -> QuerySet[User]:
    """The pupils `parent` represents, by name, each with `current_enrolments`: those in force `today`.

    Empty for anyone who is nobody's parent. Two SQL queries.
    """
    require_region(region)
    current = (
        Enrolment.objects.filter(enrolled_during(today)).select_related("class_group__school")
    )
    return (
        User.objects.filter(pk__in=scope.children_of(parent))
        .order_by("full_name", "id")
        .prefetch_related(Prefetch("enrolments", queryset=current, to_attr="current_enrolments"))
    )


def class_groups_to_choose(*, region: Region, reader: User, today: date) -> QuerySet[ClassGroup]:
    """Class groups with pupils in them `today` whose diaries `reader` may open, with their school.

    For staff who opened the diary without naming a pupil. One SQL query.
    """
    require_region(region)
    current = Enrolment.objects.filter(
        enrolled_during(today), class_group=OuterRef("pk"), pupil__in=scope.pupils_for(reader)
    )
    return (
        scope.class_groups_for(reader).filter(Exists(current)).select_related("school")
        .order_by("school__name", "grade", "letter")
    )


def pupils_to_choose(*, region: Region, reader: User, class_group: ClassGroup, today: date) -> QuerySet[User]:
    """The pupils of `class_group` `today` whose diaries `reader` may open, by name. One SQL query."""
    require_region(region)
    current = Enrolment.objects.filter(enrolled_during(today), class_group=class_group, pupil=OuterRef("pk"))
    return scope.pupils_for(reader).filter(Exists(current)).order_by("full_name", "id")
