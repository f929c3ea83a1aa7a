"""The federal vocabulary of school subjects that library items are tagged with.

Codes are stable identifiers stored in item versions and copied into every
region's catalogue; the names are for people (Russian through gettext).
Regions name their own timetable subjects freely; these codes are only for
finding library content.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUBJECTS: dict[str, Promise] = {
    "russian": _("Russian language"),
    "literature": _("Literature"),
    "literary_reading": _("Literary reading"),
    "native_language": _("Native language"),
    "native_literature": _("Native literature"),
    "english": _("English language"),
    "german": _("German language"),
    "french": _("French language"),
    "spanish": _("Spanish language"),
    "chinese": _("Chinese language"),
    "mathematics": _("Mathematics"),
    "algebra": _("Algebra"),
    "geometry": _("Geometry"),
    "probability_statistics": _("Probability and statistics"),
    "informatics": _("Informatics"),
    "world_around": _("The world around us"),
    "history": _("History"),
    "social_studies": _("Social studies"),
    "geography": _("Geography"),
    "biology": _("Biology"),
    "physics": _("Physics"),
    "chemistry": _("Chemistry"),
    "astronomy": _("Astronomy"),
    "fine_arts": _("Fine arts"),
    "music": _("Music"),
    "technology": _("Technology"),
    "physical_education": _("Physical education"),
    "life_safety": _("Fundamentals of safety and defence of the Motherland"),
    "religious_cultures": _("Fundamentals of religious cultures and secular ethics"),
    "spiritual_culture": _("Fundamentals of the spiritual and moral culture of the peoples of Russia"),
    "individual_project": _("Individual project"),
}


def is_subject(code: str) -> bool:
    return code in SUBJECTS


def subject_name(code: str) -> str:
    """The subject's name in the active language."""
    return str(SUBJECTS[code])


def russian_subject_names(codes: list[str]) -> list[str]:
    """The subjects' Russian names, whatever the active language (for the search vector)."""
    with translation.override("ru"):
        return [str(SUBJECTS[code]) for code in codes if code in SUBJECTS]
