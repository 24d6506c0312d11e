# Camino: two commands. `make run` serves the demo site; `make test` runs every check.
# Needs only python3 and make on a Debian machine; system libraries are installed by
# `make system-deps` (run by `make run`/`make test` when something is missing and we are root).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
LOAD_STAMP := $(VENV)/.installed-load
# axe-core for the browser tests' accessibility checks, pinned in package-lock.json.
AXE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's certificates, emails and credentials (did:web:<host>%3A<port>) name this address.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run test lint format check pytest bench load serve migrate demo system-deps vendor-css clean

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing python3-venv (Debian) ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Python cannot create a virtual environment. On Debian: sudo apt-get install python3-venv"; exit 1; \
	  fi; }

$(STAMP): $(PY) requirements.txt pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

# `npm ci` installs exactly what package-lock.json pins (node_modules/axe-core/axe.min.js).
# Without npm the browser tests skip, or fail under CI=true (tests/browser/conftest.py).
$(AXE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --silent --no-audit --no-fund --ignore-scripts && touch $(AXE_STAMP); \
	else \
	  echo "npm not found: the browser tests need axe-core from npm (make system-deps installs it)."; \
	fi

var:
	@mkdir -p var

migrate: $(STAMP) var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py sync_roles -v0

demo: migrate
	$(PY) manage.py load_demo_data

run: system-deps $(STAMP) demo
	@echo ""
	@echo "Camino is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/). Ctrl+C stops it."
	$(PY) manage.py runserver $(HOST):$(PORT)

# mypy reads [tool.mypy] in pyproject.toml (the app code, with django-stubs); its cache is
# .mypy_cache/. CPU time here: about 9 s cold, 2.5 s warm (wall time grows with the load).
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/bandit -c pyproject.toml -r learning cohorts evaluation reflections site -lll -q
	$(BIN)/mypy

# Rewrites files: ruff's formatting, then the fixes ruff marks safe (import order, unused noqa).
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(STAMP) var
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	key=$$(DJANGO_SETTINGS_MODULE=camino.settings.dev $(PY) manage.py credentials_key) && DJANGO_SETTINGS_MODULE=camino.settings.production DATABASE_URL=postgres://camino@127.0.0.1:5432/camino SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-value-for-the-check ALLOWED_HOSTS=camino.example SITE_URL=https://camino.example CREDENTIALS_SIGNING_KEY=$$key $(PY) manage.py check --deploy --fail-level WARNING

# The suite runs in parallel (pytest-xdist): one process per core by default, each with its own
# test database (test_camino_gw0, ...; in-memory on SQLite), media folder and Redis database.
# `make pytest PYTEST_WORKERS=0` runs it in one process; PYTEST_ARGS passes anything else.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
pytest: $(STAMP) var $(AXE_STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

test: system-deps lint check pytest

bench: system-deps $(STAMP) var
	$(PY) -m tests.benchmarks

$(LOAD_STAMP): $(STAMP) requirements-load.txt
	$(PY) -m pip install --quiet -r requirements-load.txt
	@touch $(LOAD_STAMP)

# gunicorn on PostgreSQL (started or installed by scripts/postgres-ensure.sh when none answers)
# under Locust; Redis as cache and session store when REDIS_URL is set. See tests/load/.
load: system-deps $(LOAD_STAMP) var
	$(PY) -m tests.load

vendor-css: $(STAMP)
	$(PY) scripts/vendor_nhsuk_css.py

clean:
	rm -rf $(VENV) .mypy_cache var/static var/test-media var/load test-artifacts .bench .load node_modules
