"""One person's data, for their access request under 152-ФЗ: a readable archive for them or their parent.

Region schema, read-only, one snapshot. The archive holds a README, the
person's profile and links (person.json) and, for a pupil, their marks,
attendance, period and year marks and achievements as CSV files in Russian.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import scope
from accounts.models import User
from journal.models import Attendance, FinalMark, Mark
from myschool.errors import NotFound
from portfolio.models import Achievement
from rostering.export import snapshot
from schools.models import Enrolment, Guardianship, StaffMembership
from tenants.context import require_region
from tenants.models import Region

README = gettext_lazy(
    "# Personal data: %(name)s\n\n"
    "Exported at the request of the data subject (152-FZ, article 14), %(when)s.\n\n"
    "- person.json: the profile: name, e-mail, role, schools, classes, parents and children.\n"
    "- marks.csv: marks; attendance.csv: absences and lateness; final_marks.csv: period and year marks;"
    " achievements.csv: achievements (for pupils).\n\n"
    "CSV files are UTF-8, comma-separated; dates are YYYY-MM-DD.\n"
)


def get_data_subject(user: User, pk: object) -> User:
    """The person whose data `user` may take: themself, their child, or anyone for the region admin.

    Missing and forbidden alike are NotFound.
    """
    allowed = Q(pk=user.pk) | Q(parent_links__parent_id=user.pk)
    people = User.objects.all() if scope.is_region_admin(user) else User.objects.filter(allowed)
    person = people.filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None:
        raise NotFound(_("No person %(id)s.") % {"id": pk})
    return person


def _rows(archive: zipfile.ZipFile, name: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    with archive.open(name, "w") as member, io.TextIOWrapper(member, encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _profile(person: User) -> dict[str, Any]:
    return {
        "full_name": person.full_name, "email": person.email, "role": person.get_role_display(),
        "active": person.is_active, "joined": person.date_joined.isoformat(timespec="seconds"),
        "schools": list(StaffMembership.objects.filter(user=person).values_list("school__name", flat=True)),
        "classes": [
            {"class": f"{e.class_group}", "school": e.class_group.school.name,
             "from": e.starts_on.isoformat(), "until": e.ends_on.isoformat() if e.ends_on else None}
            for e in Enrolment.objects.filter(pupil=person).select_related("class_group__school")
        ],
        "parents": [{"full_name": g.parent.full_name, "email": g.parent.email}
                    for g in Guardianship.objects.filter(child=person).select_related("parent")],
        "children": [{"full_name": g.child.full_name, "email": g.child.email}
                     for g in Guardianship.objects.filter(parent=person).select_related("child")],
    }


def export_person_data(*, region: Region, person: User, out: Path | IO[bytes]) -> None:
    """Write `person`'s data into the zip `out`. Read-only; the caller checked who may ask."""
    require_region(region)
    with snapshot(), zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", str(README) % {
            "name": person.full_name or person.email, "when": timezone.now().isoformat(timespec="seconds")})
        archive.writestr("person.json", json.dumps(_profile(person), ensure_ascii=False, indent=2))
        marks = Mark.objects.filter(pupil=person, deleted_at__isnull=True).select_related(
            "lesson__subject", "kind", "given_by").order_by("lesson__date", "id")
        header = [_("date"), _("subject"), _("mark"), _("kind"), _("weight"), _("comment"), _("teacher")]
        _rows(archive, "marks.csv", header,
              ((m.lesson.date, m.lesson.subject.name, m.value, m.kind.name, m.weight, m.comment,
                m.given_by.full_name) for m in marks.iterator()))
        attendance = Attendance.objects.filter(pupil=person).select_related("lesson__subject").order_by(
            "lesson__date", "id")
        _rows(archive, "attendance.csv", [_("date"), _("subject"), _("status"), _("reason")],
              ((a.lesson.date, a.lesson.subject.name, a.get_status_display(), a.reason)
               for a in attendance.iterator()))
        finals = FinalMark.objects.filter(pupil=person).select_related("subject", "period", "academic_year")
        _rows(archive, "final_marks.csv", [_("academic year"), _("period"), _("subject"), _("mark")],
              ((f.academic_year.name, f.period.name if f.period else _("year"), f.subject.name, f.value)
               for f in finals.order_by("academic_year__starts_on", "period__starts_on", "subject__name")))
        header = [_("date"), _("kind"), _("title"), _("level"), _("result"), _("status")]
        _rows(archive, "achievements.csv", header,
              ((a.achieved_on, a.get_kind_display(), a.title, a.get_level_display(), a.get_result_display(),
                a.get_status_display()) for a in Achievement.objects.filter(pupil=person)))
