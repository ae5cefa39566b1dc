#!/usr/bin/env bash
# Redis outage drill, end to end with real processes (the pieces are also tests: exports/tests/
# test_broker_down.py, core/tests/test_redis_outage.py). Uses a private Redis on PORT and a
# throw-away SQLite database; touches nothing else.
#   1. with Redis down, an export request is recorded as 待排队 within a second or two;
#   2. Redis starts, then a worker and beat: the beat's sweep (every minute) sends the job, it is made;
#   3. Redis is stopped for a few seconds and started again: worker and beat carry on by themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-6395}
WORK=$(mktemp -d)
export DATABASE_URL="sqlite:///$WORK/drill.db" REDIS_URL="redis://127.0.0.1:$PORT/0"
PY=.venv/bin/python
status() { $PY manage.py shell -v0 -c "from exports.models import ExportJob as J; print(J.objects.get(pk=1).status)" 2>/dev/null | tail -1; }
redis_up() { redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" >/dev/null; sleep 0.5; }
cleanup() { kill "${WORKER:-}" "${BEAT:-}" 2>/dev/null || true; redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; }
trap cleanup EXIT

$PY manage.py migrate -v0 && $PY manage.py load_checklists >/dev/null
$PY manage.py shell -v0 -c "
from accounts.roles import Role
from checklists.models import ChecklistTemplate
from exports import services
from huitoukan.celery import app
from tests.factories import make_campaign, make_household, make_unit, make_user
county = make_unit('411322', '方城县'); make_household(make_unit('411322100001', '新华街社区'))
office = make_user('county_office', Role.COUNTY_OFFICE, county)
app.conf.task_always_eager = True  # the campaign's own set-up tasks run here
campaign = make_campaign(county, list(ChecklistTemplate.objects.filter(code__startswith='fangcheng')), by=office)
app.conf.task_always_eager = False
services.request_export(by=office, kind='summary', campaign=campaign, unit=county)" 2>/dev/null
echo "1. Redis down, export requested: $(status)"

redis_up
.venv/bin/celery -A huitoukan worker --pool solo -Q celery,exports,rollups,reminders -l info >"$WORK/worker.log" 2>&1 & WORKER=$!
.venv/bin/celery -A huitoukan beat -l info --schedule "$WORK/beat" >"$WORK/beat.log" 2>&1 & BEAT=$!
for _ in $(seq 45); do [ "$(status)" = done ] && break; sleep 2; done
echo "2. Redis back, worker and beat started: $(status)"

redis-cli -p "$PORT" shutdown nosave >/dev/null; sleep 8; redis_up
before=$(grep -c "sweep_export_jobs.*succeeded" "$WORK/worker.log")
for _ in $(seq 45); do [ "$(grep -c "sweep_export_jobs.*succeeded" "$WORK/worker.log")" -gt "$before" ] && break; sleep 2; done
after=$(grep -c "sweep_export_jobs.*succeeded" "$WORK/worker.log")
echo "3. Redis restarted: sweeps run by the worker before $before, after $after; worker alive: $(kill -0 $WORKER && echo yes), beat alive: $(kill -0 $BEAT && echo yes)"
[ "$after" -gt "$before" ]
