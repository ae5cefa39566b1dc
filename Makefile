# Two commands do everything: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIVISIONS := fixtures/divisions_411322.csv

.PHONY: run test install demo worker beat browser assets clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets

# Chart.js from the npm registry (package-lock.json); without npm the dashboards show tables only.
assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: dashboards will show tables without charts"; fi

demo: $(STAMP) assets
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_divisions $(DIVISIONS)
	$(BIN)/python manage.py load_checklists
	$(BIN)/python manage.py seed_demo --county 411322 --households-per-village 40 --seed 7

# Without REDIS_URL, Celery tasks run in-process; with it, start `make worker` and `make beat` too.
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) assets browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

worker: $(STAMP)
	$(BIN)/celery -A huitoukan worker -l info -Q celery,rollups,exports,reminders

beat: $(STAMP)
	$(BIN)/celery -A huitoukan beat -l info

# Browser tests drive Debian's chromium; install it when we may (root), never download a browser build.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed; browser tests will skip (or fail in CI)"; \
	  else echo "chromium is not installed: browser tests will skip (apt-get install chromium)"; fi; }

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
