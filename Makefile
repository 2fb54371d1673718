# `make run` and `make test` set everything up on a fresh machine, then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTTP ?=
PORT ?= 3000

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "crmbot needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# make run [HTTP=1 PORT=3000]: the bot when SLACK_ settings are set (env or .env), else the
# sandbox with demo data.
run: $(STAMP)
	$(BIN)/crm-bot start $(if $(HTTP),--http --port $(PORT))

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# make bench [SIZE=100k]: seed, serve and time on SQLite (and PostgreSQL when
# CRM_TEST_POSTGRES_URL is set); the table goes to the terminal, the figures to bench/results/.
SIZE ?= 10k
bench: $(STAMP)
	$(BIN)/python bench/run.py --size $(SIZE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
