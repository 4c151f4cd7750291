# Two commands for a newcomer: `make demo` (the main job) and `make test` (the whole suite).
# Both install what they need: a virtualenv in .venv (pinned by constraints.txt) and, for the
# tests, Debian's postgresql and chromium where missing. A second run reinstalls nothing
# unless pyproject.toml or constraints.txt changed.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DATA_DIR ?= .annotate/label-studio
PORT ?= 8080
PROJECT ?= Ceasefire seeds
PREDICTIONS := .annotate/seeds.predictions.jsonl

.PHONY: install system-packages demo stop test lint format bench clean default-model screenshots

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[server,dev]"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[ray]" \
	  || echo "Ray could not be installed here: the Ray tests will skip and say so"
	touch $(STAMP)

install: $(STAMP)
	@# the package's bytecode, as pip writes it for a wheel (an editable install writes none)
	@$(BIN)/python -m compileall -q annotate

# PostgreSQL (one test runs Label Studio on it) and Chromium (the browser test), from Debian.
$(SYSTEM_STAMP):
	@mkdir -p $(VENV)
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	    || echo "could not install$$missing; the tests that need them will say so"; \
	fi; \
	if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v chromium >/dev/null; then touch $@; fi

system-packages: $(SYSTEM_STAMP)

# The main job on the embedded default: a local Label Studio (SQLite), the seeds pre-annotated
# and pushed as predictions, the URL and where the login is kept printed at the end.
demo: install
	$(BIN)/annotate server start --data-dir $(DATA_DIR) --port $(PORT)
	$(BIN)/annotate preannotate seeds/ --output $(PREDICTIONS)
	$(BIN)/annotate push $(PREDICTIONS) --project "$(PROJECT)" --data-dir $(DATA_DIR)
	@echo
	@echo "Label Studio: http://127.0.0.1:$(PORT)  (project \"$(PROJECT)\")"
	@echo "Login: admin@annotate.local; the password is in $(DATA_DIR)/credentials.json"
	@echo "Stop the server with: make stop"

stop: install
	$(BIN)/annotate server stop --data-dir $(DATA_DIR)

test: install system-packages
	$(BIN)/ruff check annotate tests benchmarks
	$(BIN)/ruff format --check annotate tests benchmarks
	$(BIN)/python -m pytest -p no:cacheprovider

# README's screenshots (docs/labeling.png, docs/report.png), from the browser tests; `make test`
# takes them in a temporary directory and leaves the clone as it was.
screenshots: install system-packages
	ANNOTATE_SCREENSHOTS=docs $(BIN)/python -m pytest -p no:cacheprovider tests/labelstudio/test_browser.py

lint: install
	$(BIN)/ruff check annotate tests benchmarks

format: install
	$(BIN)/ruff format annotate tests benchmarks
	$(BIN)/ruff check --fix annotate tests benchmarks

# The default pipeline's stance model, trained on the gold the project ships (seed 0); it is
# shipped in annotate/pipeline/data/ and a test checks that this target reproduces it exactly.
default-model: install
	$(BIN)/annotate train exports/seeds.gold.jsonl exports/dev.gold.jsonl --base-model annotate-rules --seed 0 --output .annotate/default-model
	cp .annotate/default-model/annotate_learned_stance/stance-model.json annotate/pipeline/data/stance-model.json

# Speed and memory figures (minutes each; run on demand, never in the tests).
bench: install
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .annotate
