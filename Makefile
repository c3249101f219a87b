# booklet: make pdf builds the default booklet; make test runs the tests.
# Both create the virtual environment (.venv) and install the pinned dependencies when needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= output

.DEFAULT_GOAL := help
.PHONY: help venv pdf all test lint golden clean system-check status check watch bench catalogs compile-catalogs

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) scripts/system_check.py
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies (make pdf/test do it too)

system-check: ## check the system libraries WeasyPrint needs (Pango, HarfBuzz)
	@$(PYTHON) scripts/system_check.py

pdf: $(STAMP) ## build the default booklet: output/<slug>.<locale>.pdf
	$(PY) -m booklet build --out $(OUT)

all: $(STAMP) ## every locale and variant, imposed sheets, manifest.json, SHA256SUMS, index.html
	$(PY) -m booklet build --all --impose --variant standard --variant large-print --out $(OUT)

watch: $(STAMP) ## rebuild the default edition on every saved change (LOCALE=es for another)
	$(PY) -m booklet watch $(if $(LOCALE),--locale $(LOCALE))

check: $(STAMP) ## health-information quality checks of every edition
	$(PY) -m booklet check

status: $(STAMP) ## translation status of every locale
	$(PY) -m booklet status

catalogs: $(STAMP) ## UI strings: templates -> templates/booklet.pot -> content/<LL>/ui.po
	$(PY) -m booklet catalog extract
	$(PY) -m booklet catalog update

compile-catalogs: $(STAMP) ## check every ui.po and write ui.mo beside it
	$(PY) -m booklet catalog compile

test: $(STAMP) ## run the test suite
	$(PY) -m pytest -q

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check booklet tests scripts benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP) ## benchmark: floor ratio, no-op rebuild, parallel speed-up, scaling (BENCH_RUNS=9)
	$(PY) benchmarks/bench.py

golden: $(STAMP) ## regenerate the HTML snapshot in tests/golden/ after an intended change
	BOOKLET_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/render/test_golden.py

clean: ## remove build results
	rm -rf $(OUT)
