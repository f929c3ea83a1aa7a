"""Writes of the schedule, by topic. Region schema; times are the region's wall-clock times.

- timetable.py: the weekly timetable of a class group (add, change, remove entries);
- generation.py: dated lessons generated from the timetable;
- lessons.py: single lessons (add by hand, move, cancel, set the topic).
"""

from schedule.services.generation import generate_lessons
from schedule.services.lessons import add_lesson, cancel_lesson, move_lesson, set_topic
from schedule.services.timetable import add_timetable_entry, change_timetable_entry, remove_timetable_entry

__all__ = [
    "add_lesson",
    "add_timetable_entry",
    "cancel_lesson",
    "change_timetable_entry",
    "generate_lessons",
    "move_lesson",
    "remove_timetable_entry",
    "set_topic",
]
