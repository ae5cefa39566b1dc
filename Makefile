# Two commands do everything: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIVISIONS := fixtures/divisions_411322.csv

# Local keys, made once per checkout into an untracked file; keys already in the environment
# win (production sets its own there, and the settings refuse to start without them).
LOCAL_ENV := .env.local
WITH_KEYS := set -a && . ./$(LOCAL_ENV) && set +a &&
# This machine serves plain http: no SSL redirect, HSTS or secure cookies (README: HTTPS).
LOCAL_HTTP := HTTPS=$${HTTPS:-0}

.PHONY: run test install demo worker beat browser assets clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets

$(LOCAL_ENV):
	@$(PYTHON) -c 'import secrets; print("# Keys for this checkout only (made by make); never commit them or copy them to a server."); [print(f"{name}=$${{{name}:-{secrets.token_urlsafe(50)}}}") for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY")]' > $@
	@echo "made $@ with local SECRET_KEY and FIELD_ENCRYPTION_KEY"

# Chart.js from the npm registry (package-lock.json); without npm the dashboards show tables only.
assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: dashboards will show tables without charts"; fi

demo: $(STAMP) assets $(LOCAL_ENV)
	$(WITH_KEYS) $(BIN)/python manage.py migrate --noinput
	$(WITH_KEYS) $(BIN)/python manage.py load_divisions $(DIVISIONS)
	$(WITH_KEYS) $(BIN)/python manage.py load_checklists
	$(WITH_KEYS) DEMO=1 $(BIN)/python manage.py seed_demo --county 411322 --households-per-village 40 --seed 7

# Without REDIS_URL, Celery tasks run in-process; with it, start `make worker` and `make beat` too.
# DEBUG=1 lets runserver serve the static files; DEBUG=0 make run needs collectstatic first.
run: demo
	$(WITH_KEYS) $(LOCAL_HTTP) DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

# The tests set their own throw-away keys and HTTPS=0 (pyproject.toml, [tool.pytest.ini_options] env).
test: $(STAMP) assets browser $(LOCAL_ENV)
	$(WITH_KEYS) $(BIN)/python -m pytest $(PYTEST_ARGS)

worker: $(STAMP) $(LOCAL_ENV)
	$(WITH_KEYS) $(BIN)/celery -A huitoukan worker -l info -Q celery,rollups,exports,reminders

beat: $(STAMP) $(LOCAL_ENV)
	$(WITH_KEYS) $(BIN)/celery -A huitoukan beat -l info

# Browser tests drive Debian's chromium; install it when we may (root), never download a browser build.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed; browser tests will skip (or fail in CI)"; \
	  else echo "chromium is not installed: browser tests will skip (apt-get install chromium)"; fi; }

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
