# booklet: make pdf builds the default booklet; make test runs the tests.
# Both set the machine up when needed (scripts/set_up.py): the system packages listed in
# scripts/system-packages.txt (apt-get when root or password-less sudo; else the command to
# run), the virtual environment (.venv) and the pinned Python packages.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= output

.DEFAULT_GOAL := help
.PHONY: help venv pdf all test test-languages lint golden clean system-check status check watch bench catalogs compile-catalogs

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

PACKAGES := scripts/system-packages.txt

$(STAMP): requirements.txt pyproject.toml $(PACKAGES) scripts/set_up.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 7))' 2>/dev/null || { echo \
	  "booklet set-up: '$(PYTHON)' is not found or too old: install Python 3.11 or newer and run make with PYTHON=python3.11" >&2; exit 2; }
	@$(PYTHON) scripts/set_up.py --venv $(VENV)
	@touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies (make pdf/test do it too)

system-check: ## check the system packages of scripts/system-packages.txt (installs nothing)
	@$(PYTHON) scripts/set_up.py --check

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

catalogs: $(STAMP) ## UI strings: templates -> templates/booklet.pot -> templates/locale/*.po and content/<LL>/ui.po
	$(PY) -m booklet catalog extract
	$(PY) -m booklet catalog update

compile-catalogs: $(STAMP) ## check every ui.po and write ui.mo beside it
	$(PY) -m booklet catalog compile

test: $(STAMP) ## run the test suite (sample editions of 8 representative languages)
	$(PY) -m pytest -q

test-languages: $(STAMP) ## the sample-edition and text-layer tests of all 45 supported languages
	BOOKLET_LANGUAGES=all $(PY) -m pytest -q tests/i18n/test_language_samples.py tests/i18n/test_text_layer.py

lint: $(STAMP) ## ruff, mypy, and zizmor on the CI workflow
	$(VENV)/bin/ruff check booklet tests scripts benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/zizmor --offline --no-progress .github/

bench: $(STAMP) ## benchmark: floor ratio, no-op rebuild, parallel speed-up, scaling (BENCH_RUNS=9)
	$(PY) benchmarks/bench.py

golden: $(STAMP) ## regenerate the HTML snapshot in tests/golden/ after an intended change
	BOOKLET_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/render/test_golden.py

clean: ## remove build results
	rm -rf $(OUT)
