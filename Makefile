# Two commands for a newcomer: `make demo` (the main job) and `make test` (the whole suite).
# Both install what they need into .venv first; a second run reinstalls nothing unless
# pyproject.toml or constraints.txt changed.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= .annotate/label-studio
PORT ?= 8080
PROJECT ?= Ceasefire seeds

.PHONY: install demo test lint format bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[server,dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/annotate preannotate seeds/ --output .annotate/seeds.predictions.jsonl

test: install
	$(BIN)/ruff check annotate tests benchmarks
	$(BIN)/ruff format --check annotate tests benchmarks
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check annotate tests benchmarks

format: install
	$(BIN)/ruff format annotate tests benchmarks
	$(BIN)/ruff check --fix annotate tests benchmarks

bench: install
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .annotate
