"""Writes of schools and people, by topic. Region schema.

- catalogue.py: schools and subjects;
- people.py: people of the region, their schools, parents and children;
- class_groups.py: class groups, enrolments (moves keep history), teaching assignments.

Every function takes the region explicitly and checks it is the active schema;
each validates first, then writes in one transaction.
"""

from schools.services.catalogue import change_school, create_school, create_subject
from schools.services.class_groups import (
    assign_teacher,
    create_class_group,
    enrol_pupil,
    remove_assignment,
)
from schools.services.people import add_person, create_person, link_parent

__all__ = [
    "add_person",
    "assign_teacher",
    "change_school",
    "create_class_group",
    "create_person",
    "create_school",
    "create_subject",
    "enrol_pupil",
    "link_parent",
    "remove_assignment",
]
