#!/bin/sh
# One image, every role: the first argument says which.
#
#   web                     gunicorn serving the site and the API (deploy/gunicorn.conf.py)
#   worker QUEUES [ARGS]    a Celery worker consuming QUEUES (comma-separated), e.g. `worker default`
#                           or `worker onboarding,imports`; ARGS go to celery (--concurrency=4 ...)
#   beat                    the Celery scheduler: run exactly one
#   migrate                 the public schema, then every region schema behind, MIGRATION_PROCESSES at once
#   manage ARGS             any manage.py command, e.g. `manage onboard_region --code RU-TA ...`
#   anything else           run as given (a shell for debugging: `sh`)
set -eu

APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
export PYTHONPATH="${PYTHONPATH:-$APP_DIR:$APP_DIR/platform}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-myschool.settings}"
LOG_LEVEL="${LOG_LEVEL:-INFO}"

# Prometheus' multi-process mode keeps one file per process here; it must exist and
# start empty (it lives under /tmp, a fresh emptyDir/tmpfs for every container).
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
fi

# Workers, beat, migrations and commands keep session state across transactions (advisory
# locks held for a whole onboarding or sync, the search path between statements): behind a
# PgBouncer whose entry for the web pods pools transactions, they take SESSION_DATABASE_URL,
# a session-pooled entry, when it is set (deploy/SCALING.md). Web keeps DATABASE_URL.
use_session_database() {
    if [ -n "${SESSION_DATABASE_URL:-}" ]; then
        export DATABASE_URL="$SESSION_DATABASE_URL"
    fi
}

role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

case "$role" in
    web)
        exec gunicorn --config "$APP_DIR/deploy/gunicorn.conf.py" myschool.wsgi:application "$@"
        ;;
    worker)
        if [ "$#" -eq 0 ] || [ -z "$1" ]; then
            echo "usage: entrypoint.sh worker QUEUES [celery worker options]" >&2
            exit 64
        fi
        queues="$1"
        shift
        use_session_database
        # Gossip and mingle make every worker talk to every other one at start and
        # all the time; nothing here uses what they exchange.
        exec celery -A myschool worker --queues "$queues" --loglevel "$LOG_LEVEL" \
            --without-gossip --without-mingle "$@"
        ;;
    beat)
        use_session_database
        exec celery -A myschool beat --loglevel "$LOG_LEVEL" \
            --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}" --pidfile= "$@"
        ;;
    migrate)
        use_session_database
        # Two steps so that a failure says which: the federation's tables first
        # (regions are listed there), then the region schemas behind the code,
        # in parallel (tenants/migration_executor.py).
        cd "$APP_DIR"
        python manage.py migrate --shared --noinput "$@"
        exec python manage.py migrate --tenant --noinput "$@"
        ;;
    manage)
        use_session_database
        cd "$APP_DIR"
        exec python manage.py "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
