"""Settings for the benchmark's second phase: the project's own, plus a long history.

The generated app (bench/history_app.py) is a region-only app, like most of
what the platform will grow, so its migrations run in every region schema and
in the template. Never used outside the benchmark.
"""

from bench.history_app import APP_MODULE
from myschool.settings import *  # noqa: F403
from myschool.settings import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, APP_MODULE]
INSTALLED_APPS = [*INSTALLED_APPS, APP_MODULE]
