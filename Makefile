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

.PHONY: run test mutation install demo worker beat browser office assets clean

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
# -n auto: one pytest-xdist worker per core, each with its own test database and Redis db
# (tests/workers.py); --dist loadgroup keeps the in-process Celery worker tests on one worker.
# Locally --reuse-db keeps a PostgreSQL test database between runs; CI (CI=true) makes it afresh.
PYTEST_ARGS ?= -n auto --dist loadgroup $(if $(CI),,--reuse-db)
test: $(STAMP) assets browser office $(LOCAL_ENV)
	$(WITH_KEYS) $(BIN)/python -m pytest $(PYTEST_ARGS)

# On demand, not in CI (slow): cosmic-ray mutates each module in a copy of the checkout (never
# this one) and runs only the tests that matter for it (tests/mutation/*.toml, tests/README.md).
MUTATION_MODULES ?= scoping rectification engine sampling
MUTATION_DIR ?= /tmp/huitoukan-mutation
mutation: $(STAMP)
	mkdir -p $(MUTATION_DIR)
	rsync -a --delete --exclude .git --exclude node_modules --exclude $(VENV) --exclude '*.sqlite' ./ $(MUTATION_DIR)/
	ln -sfn $(CURDIR)/$(VENV) $(MUTATION_DIR)/$(VENV)
	cd $(MUTATION_DIR) && for m in $(MUTATION_MODULES); do \
	  rm -f $$m.sqlite && \
	  $(BIN)/cosmic-ray init tests/mutation/$$m.toml $$m.sqlite && \
	  $(BIN)/cr-filter-operators $$m.sqlite tests/mutation/$$m.toml && \
	  $(BIN)/cosmic-ray exec tests/mutation/$$m.toml $$m.sqlite && \
	  $(BIN)/cr-report $$m.sqlite | tail -n 4 || exit 1; done

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

# The printed-export tests print through LibreOffice, as an office opens the files; installed like chromium.
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui fonts-noto-cjk >/dev/null) || echo "LibreOffice could not be installed; printed-export tests will skip (or fail in CI)"; \
	  else echo "LibreOffice is not installed: printed-export tests will skip (apt-get install libreoffice-calc-nogui)"; fi; }

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
