# Veier: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/veier

.PHONY: install run test test-sqlite test-postgres test-browser lint messages clean load-test fault-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python  ## Create .venv, install Veier with its dev extras and vendor the front-end assets.
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/vendor_assets.py

run: install  ## Install, migrate, load demo data and serve on http://127.0.0.1:8000
	DEBUG=1 $(BIN)/veier migrate --no-input
	DEBUG=1 $(BIN)/veier loaddemo
	DEBUG=1 $(BIN)/veier runserver 127.0.0.1:8000

test: install  ## The whole suite: lint, then SQLite, then PostgreSQL when it is reachable.
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Test suite on SQLite =="
	DATABASE_URL= $(BIN)/pytest

test-postgres:
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
		echo "== Test suite on PostgreSQL =="; \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest; \
	elif [ -n "$$VEIER_REQUIRE_POSTGRES" ]; then \
		echo "== PostgreSQL at $(PG_URL) is required (VEIER_REQUIRE_POSTGRES) but not reachable =="; exit 1; \
	else \
		echo "== PostgreSQL at $(PG_URL) is not reachable: skipping the PostgreSQL run (.ci/run starts it) =="; \
	fi

test-browser:
	$(BIN)/pytest -m browser

load-test: install  ## 50 users for 2 minutes against gunicorn (2 workers) on PostgreSQL: errors, p95, lost writes.
	$(BIN)/python bench/load.py

fault-test: install  ## PostgreSQL cut off under a running gunicorn and brought back: clean 503s, recovery.
	$(BIN)/python bench/db_outage.py

lint:
	$(BIN)/ruff check src tests bench scripts

messages:  ## Update the translation catalogues after changing UI text, then compile them.
	cd src/veier && DEBUG=1 ../../$(BIN)/veier makemessages -l nb -l nn -l en --ignore "static/*"
	cd src/veier && DEBUG=1 ../../$(BIN)/veier compilemessages

clean:
	rm -rf $(VENV) node_modules src/veier/static/vendor var .pytest_cache
