"""Library materials on the demo school's homework, so a pupil's diary shows some."""

from __future__ import annotations

from catalogue.models import Material
from catalogue.selectors import visible_items
from catalogue.services.materials import attach_material
from journal.models import Homework
from tenants.context import require_region
from tenants.models import Region

# The demo school's subject names and the library's subject codes.
SUBJECT_CODES = {"Математика": "mathematics", "Русский язык": "russian", "История": "history",
                 "География": "geography", "Биология": "biology"}


def give_demo_materials(*, region: Region, per_subject: int = 2) -> int:
    """Attach a catalogue item to the latest homework of each subject, as the teacher who set it.

    Does nothing when the region already has materials (idempotent).
    """
    require_region(region)
    if Material.objects.exists():
        return 0
    given = 0
    for subject_name, code in SUBJECT_CODES.items():
        item = visible_items(region=region).filter(subjects__contains=[code]).order_by("title").first()
        if item is None:
            continue
        homework = (Homework.objects.filter(lesson__subject__name=subject_name)
                    .select_related("set_by").order_by("-due_on")[:per_subject])
        for entry in homework:
            attach_material(region=region, item_id=item.item_id, actor=entry.set_by, homework=entry)
            given += 1
    return given
