# Two entry points for a new user: `make demo` and `make test`. Both set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup setup-test demo test web

$(BIN)/eventwire: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(BIN)/eventwire

setup: $(BIN)/eventwire

setup-test: setup
	$(BIN)/pip install -q -e '.[test]'

# the seed articles into SQLite, then the stored events as a table
demo: setup
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/eventwire ingest samples/seeds --db demo.db
	$(BIN)/eventwire events --db demo.db

test: setup-test
	$(BIN)/python -m pytest -q

# the map page: web/ (package.json + package-lock.json) built into src/eventwire/web/static,
# which is committed so that pip users need no Node; rebuild and commit after changing web/
web:
	cd web && npm ci --no-audit --no-fund && npm run build
