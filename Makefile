# Two commands for a new user: `make demo` and `make test`. Both build .venv from
# pyproject.toml, pinned by constraints.txt, so every machine gets the same versions.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
INSTALL := $(PIP) install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test lint browser postgres bench sample clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(INSTALL) -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/rcm demo

# Debian's chromium and chromium-driver drive the dashboard in the browser tests.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
		true; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "installing Debian chromium and chromium-driver"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "chromium/chromedriver missing and not root: install Debian's chromium and chromium-driver"; \
	fi

# Debian's postgresql: the work-store tests start a private server from its binaries.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		true; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "installing Debian postgresql"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "PostgreSQL binaries missing and not root: install Debian's postgresql"; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(VENV)/.installed-dev browser postgres lint
	$(BIN)/pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# Remake the committed sample (same arguments, same bytes; see sample_data/README.md).
sample: $(VENV)/.installed
	rm -rf sample_data/837 sample_data/835 sample_data/csv sample_data/bad sample_data/ground_truth.csv
	$(BIN)/rcm generate --out sample_data --claims 2000 --seed 2026

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache warehouse
