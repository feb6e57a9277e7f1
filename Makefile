# Hecha's make menu. `make` prints this help.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help install run demo test pytest lint format bench

help: ## this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/hecha: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

install: $(BIN)/hecha ## create .venv and install Hecha with its test tools

demo: install ## load the demonstration data into $$HECHA_HOME (./var)
	$(BIN)/hecha demo

run: install ## set up the demo if the database is empty, then serve on 127.0.0.1:8000
	$(BIN)/hecha demo --if-empty
	$(BIN)/hecha serve

lint: install ## ruff (lint + format check), mypy on the core, import contracts
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

pytest: install ## the tests only
	$(BIN)/pytest

test: lint pytest ## lint, then the whole test suite

bench: install ## the national-scale benchmarks (slow; see the README)
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/check_bench.py
	$(BIN)/python benchmarks/documents_bench.py
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/load_bench.py

