# Two commands do everything on a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	  command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; \
	done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup run test lint typecheck unit lock bench clean help system-deps

help:
	@echo "make run   - set up, migrate the SQLite default, load demo data, serve at http://127.0.0.1:8000"
	@echo "make test  - set up, lint, type-check, run every test (PostgreSQL at 127.0.0.1:5432 or TEST_DATABASE_URL)"

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/agency-registry demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy registry scoring api jobs cli

unit: setup
	$(BIN)/pytest

test: lint typecheck unit

# Debian packages some features need: Chromium prints the annual report's PDF, poppler-utils renders
# its pages in the tests, Amiri is an Arabic font. Installed only when missing (needs root).
SYSTEM_PACKAGES := chromium poppler-utils fonts-hosny-amiri
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing $$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Rewrite the pinned versions from the current environment (after changing pyproject.toml).
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

bench: setup
	@for f in bench/[a-z]*.py; do m=$$(basename $$f .py); echo "== bench.$$m"; $(BIN)/python -m bench.$$m || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
