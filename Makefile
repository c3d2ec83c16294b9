# One verb per action, the same locally and in CI. Needs only Python 3.11+ and make.
# The first Python 3.11+ on PATH, probed once (2>/dev/null: pyenv shims of versions that are not
# selected print errors when run).
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
endif
VENV := .venv
BIN := $(VENV)/bin
# Two install levels with their own stamps: serving needs the base + server extras only; tests,
# lint and benchmarks add the dev tools (mypy, ruff, schemathesis, localstripe, hadolint, ...).
SERVE_STAMP := $(VENV)/.installed-serve
DEV_STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint bench install install-serve clean help assets assets-app

help:
	@echo "make run    - set up, migrate, load the Hanoi demo, serve on http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the test suite"
	@echo "make lint   - ruff, mypy (strict), import-linter, hadolint"
	@echo "make bench  - run the benchmarks under bench/"
	@echo "make assets-app - rebuild the rider app (web/app, needs Node 20 + npm) into mobile_api/webapp/built"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "error: Python 3.11+ is required (python3.11 or newer on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# --no-compile: the first start compiles only the modules it imports instead of every file of
# every dependency (serving imports a fraction of them); the pip bundled with Python 3.11+ is
# recent enough, so it is not upgraded first.
$(SERVE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-compile -e '.[server]'
	@touch $(SERVE_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(DEV_STAMP) $(SERVE_STAMP)

install: $(DEV_STAMP)

install-serve: $(SERVE_STAMP)

run: $(SERVE_STAMP)
	$(BIN)/vexe db upgrade
	VEXE_PUBLIC_BASE_URL=$${VEXE_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/vexe demo --history
	$(BIN)/vexe serve --host $(HOST) --port $(PORT)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint --failure-threshold warning Dockerfile

bench: $(DEV_STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# The rider app's built files are committed (make run needs only Python); CI rebuilds and diffs them.
assets: assets-app

assets-app:
	cd web/app && npm ci --no-audit --no-fund && npm run build
