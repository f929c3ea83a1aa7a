"""A period's marks as OneRoster 1.2 gradebook files: categories, scoreScales, lineItems, results.

Region schema, read-only. A mark kind is a category (with its weight); each
lesson's marks of one kind are a line item of the scheduled class (class group
and subject) it was given in; each mark a result with its points as `score`
and its value as `textScore`. Deleted marks are left out.
"""

from __future__ import annotations

import zipfile

from academics.models import AcademicYear, GradingScale, MarkKind, Period
from journal.models import Mark
from rostering.merging import table
from rostering.spec import GRADEBOOK
from rostering.writing import sid, write_csv
from schedule.models import Lesson
from schools.models import ClassGroup, Subject

FILES = ("categories", "scoreScales", "lineItems", "results")


def _queries() -> dict[str, str]:
    kinds, scales, marks, lessons = table(MarkKind), table(GradingScale), table(Mark), table(Lesson)
    groups, subjects, years, periods = table(ClassGroup), table(Subject), table(AcademicYear), table(Period)
    class_sid = sid("class", "ls.class_group_id", "class", " AND l.subject_id = ls.subject_id").replace(
        "'class-' || ls.class_group_id", "'class-' || ls.class_group_id || '-' || ls.subject_id")
    scale_sid = f"'scale-' || sc.code || '-' || {class_sid}"
    # The period's lessons: in its dates, in class groups of its year that use its scheme.
    in_period = (
        f" FROM {marks} m JOIN {lessons} ls ON ls.id = m.lesson_id JOIN {groups} g"
        " ON g.id = ls.class_group_id"
        f" JOIN {periods} p ON p.id = %(period)s JOIN {years} y ON y.id = p.academic_year_id"
        f" JOIN {subjects} c ON c.id = ls.subject_id JOIN {scales} sc ON sc.id = c.grading_scale_id"
        f" JOIN {kinds} k ON k.id = m.kind_id"
        " WHERE m.deleted_at IS NULL AND g.academic_year_id = y.id"
        " AND ls.date BETWEEN p.starts_on AND p.ends_on"
        " AND CASE WHEN y.senior_period_scheme <> '' AND g.grade >= y.senior_from_grade"
        " THEN y.senior_period_scheme ELSE y.period_scheme END = p.scheme"
    )
    points = "(SELECT {fn}((v ->> 'points')::numeric) FROM jsonb_array_elements(sc.values) v)"
    return {
        "categories": "SELECT 'kind-' || k.code, '', '', k.name, k.weight::text"
                      f" FROM {kinds} k ORDER BY k.id",
        "scoreScales": (
            f"SELECT DISTINCT ON (ls.class_group_id, ls.subject_id) {scale_sid}, '', '', sc.name, 'grade',"
            f" {sid('course', 'c.id', 'course')}, {class_sid}, (SELECT string_agg((v ->> 'value') || ':'"
            " || (v ->> 'label'), ',' ORDER BY n)"
            " FROM jsonb_array_elements(sc.values) WITH ORDINALITY AS e(v, n))"
            f"{in_period} ORDER BY ls.class_group_id, ls.subject_id"
        ),
        "lineItems": (
            f"SELECT DISTINCT ON (ls.id, k.id) 'lesson-' || ls.id || '-' || k.code, '', '',"
            " coalesce(nullif(ls.topic, ''), k.name) || ' ' || ls.date::text, '', ls.date::text,"
            " ls.date::text,"
            f" {class_sid}, 'kind-' || k.code, {sid('session', 'p.id', 'session', ' AND NOT l.is_year')},"
            f" {sid('session', 'y.id', 'session-year', ' AND l.is_year')},"
            f" {sid('org', 'g.school_id', 'org')},"
            f" coalesce({points.format(fn='min')}::text, ''), coalesce({points.format(fn='max')}::text, ''),"
            f" {scale_sid}{in_period} ORDER BY ls.id, k.id"
        ),
        "results": (
            f"SELECT 'mark-' || m.id, '', '', 'lesson-' || ls.id || '-' || k.code,"
            f" {sid('user', 'm.pupil_id', 'user')},"
            f" {class_sid}, {scale_sid}, 'fully graded', coalesce(m.points::text, ''), m.value,"
            " ls.date::text,"
            f" m.comment{in_period} ORDER BY m.id"
        ),
    }


def write_gradebook(archive: zipfile.ZipFile, *, period: Period, folder: str = "") -> dict[str, int]:
    """Add `period`'s gradebook files to an open bundle (under `folder`); return rows per file."""
    queries = _queries()
    params = {"period": period.pk}
    return {
        name: write_csv(archive, folder + GRADEBOOK[name].file_name, GRADEBOOK[name].columns, queries[name],
                        params)
        for name in FILES
    }
