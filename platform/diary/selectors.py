"""The diary of a pupil, as pupils and parents read it: the week, and averages per subject. Region schema.

The caller has checked that the reader may see the pupil (access.fetch.get_pupil_for_user).
A pupil sees the lessons of the class group they were enrolled in on each
lesson's date, so after a move mid-week the old class shows before the move
and the new one after.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from academics.models import AcademicYear, Period
from academics.selectors import periods_of
from access import scope
from accounts.models import User
from journal.averages import averages
from journal.models import Attendance, FinalMark, Homework, Mark
from myschool.errors import ApplicationError
from schedule.models import Lesson
from schedule.times import region_today
from schools.models import ClassGroup, Enrolment, Subject
from tenants.context import require_region
from tenants.models import Region


@dataclass(frozen=True)
class DiaryLesson:
    lesson: Lesson
    marks: list[Mark]
    attendance: Attendance | None
    homework: list[Homework]


@dataclass(frozen=True)
class DiaryDay:
    date: date
    lessons: list[DiaryLesson]
    homework_due: list[Homework]


@dataclass(frozen=True)
class DiaryWeek:
    pupil: User
    starts_on: date
    ends_on: date
    days: list[DiaryDay]


@dataclass(frozen=True)
class SubjectAverage:
    subject: Subject
    average: Decimal | None
    final_mark: FinalMark | None


@dataclass(frozen=True)
class SubjectAverages:
    pupil: User
    academic_year: AcademicYear
    period: Period | None
    subjects: list[SubjectAverage]


def enrolled(pupil: User, class_group: str, day: str) -> Exists:
    """Whether `pupil` is enrolled in the outer row's `class_group` on its `day` (both field paths)."""
    return Exists(
        Enrolment.objects.filter(
            pupil=pupil, class_group=OuterRef(class_group), starts_on__lte=OuterRef(day)
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef(day)))
    )


def pupil_groups(pupil: User) -> QuerySet[Enrolment]:
    """Ids of every class group `pupil` has been in: lets the database start from the pupil's rows."""
    return Enrolment.objects.filter(pupil=pupil).values("class_group_id")


def pupil_lessons(pupil: User, starts_on: date, ends_on: date) -> QuerySet[Lesson]:
    """Lessons from `starts_on` to `ends_on` of the class groups `pupil` was in on each lesson's date."""
    return Lesson.objects.filter(
        class_group_id__in=pupil_groups(pupil), date__gte=starts_on, date__lte=ends_on
    ).filter(enrolled(pupil, "class_group", "date"))


def diary_week(*, region: Region, pupil: User, week_of: date) -> DiaryWeek:
    """The pupil's week, Monday to Sunday, around `week_of`.

    Each day lists the pupil's lessons (cancelled ones too, marked so) with the
    pupil's marks, attendance and the homework set there, and the homework due
    that day (at a due lesson on that day, or due on that date). Six SQL
    queries whatever the number of lessons, marks and homework.
    """
    require_region(region)
    monday = week_of - timedelta(days=week_of.weekday())
    sunday = monday + timedelta(days=6)
    lessons = list(
        pupil_lessons(pupil, monday, sunday)
        .select_related("subject", "teacher")
        .order_by("date", "starts_at", "id")
    )
    ids = [lesson.pk for lesson in lessons]
    marks: dict[int, list[Mark]] = defaultdict(list)
    for mark in (
        Mark.objects.filter(pupil=pupil, lesson_id__in=ids, deleted_at__isnull=True)
        .select_related("kind")
        .order_by("created_at", "id")
    ):
        marks[mark.lesson_id].append(mark)
    attendance = {a.lesson_id: a for a in Attendance.objects.filter(pupil=pupil, lesson_id__in=ids)}
    # As literal ids, so the (class group, due date) index can narrow the search.
    group_ids = list(pupil_groups(pupil).values_list("class_group_id", flat=True))
    homework = (
        Homework.objects.annotate(due_in_class=enrolled(pupil, "class_group", "due_on"))
        .filter(
            Q(lesson_id__in=ids)
            | Q(due_lesson_id__in=ids)
            | Q(
                class_group_id__in=group_ids,
                due_lesson__isnull=True,
                due_on__gte=monday,
                due_on__lte=sunday,
                due_in_class=True,
            )
        )
        .select_related("lesson__subject", "due_lesson")
        .prefetch_related("attachments")
        .order_by("lesson__date", "lesson__starts_at", "id")
    )
    set_at: dict[int, list[Homework]] = defaultdict(list)
    due_on: dict[date, list[Homework]] = defaultdict(list)
    visible = set(ids)
    for item in homework:
        if item.lesson_id in visible:
            set_at[item.lesson_id].append(item)
        if item.due_lesson_id in visible:
            due_on[item.due_lesson.date].append(item)
        elif item.due_lesson_id is None and item.due_in_class and monday <= item.due_on <= sunday:
            due_on[item.due_on].append(item)
    by_day: dict[date, list[DiaryLesson]] = defaultdict(list)
    for lesson in lessons:
        by_day[lesson.date].append(
            DiaryLesson(lesson, marks[lesson.pk], attendance.get(lesson.pk), set_at[lesson.pk])
        )
    days = [monday + timedelta(days=n) for n in range(7)]
    return DiaryWeek(
        pupil=pupil,
        starts_on=monday,
        ends_on=sunday,
        days=[DiaryDay(day, by_day[day], due_on[day]) for day in days],
    )


def class_group_on(pupil: User, day: date) -> ClassGroup | None:
    """The class group `pupil` is in on `day`, else the last one they were in before it."""
    enrolment = (
        Enrolment.objects.filter(pupil=pupil, starts_on__lte=day)
        .select_related("class_group__academic_year")
        .order_by("-starts_on", "-id")
        .first()
    )
    return enrolment.class_group if enrolment else None


def averages_period(*, region: Region, pupil: User, period_id: int | None = None) -> Period:
    """The period to average over: `period_id`, or the pupil's period containing today.

    In the holidays between periods it is the last period that has begun. A
    period of another scheme than the pupil's grade uses (halves in grade 5) is
    refused with an error naming `period`.
    """
    require_region(region)
    today = region_today(region)
    if period_id is not None:
        period = Period.objects.select_related("academic_year").filter(pk=period_id).first()
        if period is None:
            raise ApplicationError.for_field("period", _("No period with id %(id)s.") % {"id": period_id})
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


def subject_averages(
    *, region: Region, pupil: User, period: Period | None = None, academic_year: AcademicYear | None = None
) -> SubjectAverages:
    """Per subject, the pupil's weighted average over `period` (or `academic_year`) and the final mark.

    The final mark is the period mark for a period, the year mark for a year;
    None until the teacher sets it. Subjects are those the pupil had lessons,
    marks or a final mark in; the average is None without marks that count.
    Three SQL queries.
    """
    require_region(region)
    if (period is None) == (academic_year is None):
        raise ApplicationError.for_field("period", _("Name either a period or an academic year."))
    if period is not None:
        academic_year = period.academic_year
        starts_on, ends_on = period.starts_on, period.ends_on
        finals = FinalMark.objects.filter(pupil=pupil, period=period)
    else:
        starts_on, ends_on = academic_year.starts_on, academic_year.ends_on
        finals = FinalMark.objects.filter(pupil=pupil, academic_year=academic_year, period__isnull=True)
    averaged = {
        subject: value
        for (_pupil, subject), value in averages(
            starts_on=starts_on, ends_on=ends_on, pupil_ids=[pupil.pk]
        ).items()
    }
    final_marks = {final.subject_id: final for final in finals}
    taught = pupil_lessons(pupil, starts_on, ends_on).values("subject_id")
    subjects = Subject.objects.filter(Q(pk__in=taught) | Q(pk__in=[*averaged, *final_marks])).order_by("name")
    return SubjectAverages(
        pupil=pupil,
        academic_year=academic_year,
        period=period,
        subjects=[SubjectAverage(s, averaged.get(s.pk), final_marks.get(s.pk)) for s in subjects],
    )


def children_for(*, region: Region, parent: User, today: date) -> QuerySet[User]:
    """The pupils `parent` represents, by name, each with `current_enrolments`: those in force `today`.

    Empty for anyone who is nobody's parent. Two SQL queries.
    """
    require_region(region)
    current = (
        Enrolment.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("class_group__school")
    )
    return (
        User.objects.filter(pk__in=scope.children_of(parent))
        .order_by("full_name", "id")
        .prefetch_related(Prefetch("enrolments", queryset=current, to_attr="current_enrolments"))
    )
