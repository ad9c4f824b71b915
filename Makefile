# Two commands do everything on a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	  command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; \
	done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Translations of the public pages: .po files are committed, .mo files are compiled here.
LOCALES := registry/locale
PO_FILES := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup run test lint typecheck unit lock bench clean help messages system-deps

help:
	@echo "make run   - set up, migrate the SQLite default, load demo data, serve at http://127.0.0.1:8000"
	@echo "make test  - set up, lint, type-check, run every test (PostgreSQL at 127.0.0.1:5432 or TEST_DATABASE_URL)"

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) $(MO_FILES)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -l $(word 3,$(subst /, ,$<)) -i $< -o $@

# After changing public texts: extract them and merge them into every catalogue (then translate).
messages: setup
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project agency-registry \
	  -c "Translators:" -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update --no-location --ignore-obsolete -w 100 -i $(LOCALES)/messages.pot -d $(LOCALES)

run: setup
	$(BIN)/agency-registry demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy registry scoring api jobs cli bench

unit: setup system-deps
	$(BIN)/pytest

test: lint typecheck unit

# Debian packages the project needs: Chromium prints the annual report's PDF and drives the browser
# tests, poppler-utils renders PDF pages in the tests, Amiri is an Arabic font. One per line so that
# branches merge cleanly. Installed only when missing; that needs root (as on CI), else a hint.
SYSTEM_PACKAGES := \
	chromium \
	poppler-utils \
	fonts-hosny-amiri \
	# end of SYSTEM_PACKAGES
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages: $$missing (as root: apt-get install $$missing)"; exit 0; fi; \
	echo "installing Debian packages: $$missing"; \
	apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing >/dev/null

# Rewrite the pinned versions from the current environment (after changing pyproject.toml).
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

bench: setup
	@for f in bench/[a-z]*.py; do m=$$(basename $$f .py); echo "== bench.$$m"; $(BIN)/python -m bench.$$m || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
