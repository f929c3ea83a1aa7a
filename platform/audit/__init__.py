"""The audit trail: who changed what, when, from what to what.

One table in every schema (like accounts): a region's audit in its own schema
(its people's changes to its settings, schools, people, timetable, catalogue),
the federal audit in public (regions' status and names, library moderation,
releases). Services write it in the same transaction as the change.
"""
