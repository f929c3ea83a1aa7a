"""Writes of the teacher's journal, by topic. Region schema; each service takes the region.

- marks.py: give, change, delete marks (with history);
- attendance.py: who was at a lesson (with history);
- homework.py: homework with links and files;
- final_marks.py: period and year marks (with history).

The actor must be allowed to write the lesson's journal (access.fetch); every
service validates first and writes in one transaction.
"""

from journal.services.attendance import AttendanceEntry, record_attendance, record_attendance_sheet
from journal.services.final_marks import remove_final_mark, set_final_mark
from journal.services.homework import change_homework, delete_homework, set_homework
from journal.services.marks import change_mark, delete_mark, record_mark

__all__ = [
    "AttendanceEntry",
    "change_homework",
    "change_mark",
    "delete_homework",
    "delete_mark",
    "record_attendance",
    "record_attendance_sheet",
    "record_mark",
    "remove_final_mark",
    "set_final_mark",
    "set_homework",
]
