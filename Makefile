# kamlearn: two commands for a newcomer.
#   make lab    set up .venv and open the course in JupyterLab   (make lab-nb: the course in bokmål)
#   make test   set up .venv with the test tools and run every test
# Re-running either is quick: the install steps run again only when
# pyproject.toml or constraints.txt changed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
INSTALL := $(PIP) install --quiet --disable-pip-version-check -c constraints.txt
JUPYTER_ARGS ?=
PYTEST_ARGS ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb)) $(sort $(wildcard notebooks/solutions/*.ipynb)) \
	$(sort $(wildcard notebooks/nb/*.ipynb)) $(sort $(wildcard notebooks/nb/solutions/*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg
# The browser tests need Debian's Chromium; without it they are skipped (a failure when CI=true).
# The spreadsheet-program tests need LibreOffice (soffice); without it they are skipped (a failure when CI=true).
SPREADSHEET_NOTICE := if ! command -v soffice >/dev/null 2>&1; then echo "*** Spreadsheet-program tests SKIPPED: soffice (LibreOffice Calc) not found (apt-get install -y libreoffice-calc locales). With CI=true they fail instead. ***"; fi
E2E_NOTICE := if [ ! -x /usr/bin/chromium ]; then echo "*** Browser tests SKIPPED: /usr/bin/chromium not found (apt-get install -y chromium). With CI=true they fail instead. ***"; fi

.PHONY: help venv course dev lab lab-nb present-nb test unit notebooks-test e2e notebooks lint typecheck bench present constraints clean lite lite-test site site-test catalogues compile-catalogues

help:
	@echo "make lab       open the course in JupyterLab (sets up .venv first)"
	@echo "make lab-nb    open the course in bokmål (notebooks/nb/) in JupyterLab"
	@echo "make test      run every test (unit, property, notebooks, browser)"
	@echo "make present   start the instructor dashboard (Voila) on the course's widgets"
	@echo "make present-nb  the dashboard in bokmål (notebooks/nb/dashboard.ipynb); also make present KAMLEARN_LANG=nb"
	@echo "make notebooks re-run every notebook and store its outputs"
	@echo "make bench     run the benchmarks"
	@echo "make lint      ruff and mypy"
	@echo "make lite      build the course as a JupyterLite site that runs in the browser (lite/_output)"
	@echo "make site      build the course website (site/_build/html), with lite/ inside when built"
	@echo "make catalogues  collect the package's text into the bokmål catalogue (kamlearn/locale), then compile it"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.course: pyproject.toml constraints.txt | $(BIN)/python
	$(INSTALL) -e ".[course]"
	touch $@

$(VENV)/.dev: pyproject.toml constraints.txt | $(BIN)/python
	$(INSTALL) -e ".[dev]"
	touch $@ $(VENV)/.course

venv course: $(VENV)/.course
dev: $(VENV)/.dev

lab: $(VENV)/.course
	cd notebooks && ../$(BIN)/jupyter lab 00_start_here.ipynb $(ROOT_FLAG) $(JUPYTER_ARGS)

# The course in bokmål: the same JupyterLab (the English notebooks stay one folder up), opened at notebooks/nb/;
# each Norwegian notebook sets KAMLEARN_LANG=nb in its first cell, and the server passes it on to new kernels too.
lab-nb: $(VENV)/.course
	cd notebooks && KAMLEARN_LANG=nb ../$(BIN)/jupyter lab nb/00_start_here.ipynb $(ROOT_FLAG) $(JUPYTER_ARGS)

# Instructor dashboard for a projector: live widgets, no code cells, light theme, large type, on this
# machine only (http://127.0.0.1:8866). A kernel is pre-heated (the dashboard already run) while Voila
# waits for the browser, so the first page shows at once. More options: VOILA_ARGS="--port=8870 --no-browser".
# In bokmål: `make present-nb` (or `make present KAMLEARN_LANG=nb`) serves notebooks/nb/dashboard.ipynb with
# KAMLEARN_LANG=nb in Voila's environment, which its kernels inherit.
VOILA_ARGS ?=
PRESENT_ARGS := --strip_sources=True --theme=light --Voila.ip=127.0.0.1 --preheat_kernel=True --pool_size=1
PRESENT_NB := $(filter nb NB no NO nb_NO nb-NO,$(KAMLEARN_LANG))
PRESENT_NOTEBOOK := $(if $(PRESENT_NB),notebooks/nb/dashboard.ipynb,notebooks/dashboard.ipynb)
PRESENT_LANG := $(if $(PRESENT_NB),nb,en)
present: $(VENV)/.dev
	KAMLEARN_LANG=$(PRESENT_LANG) $(BIN)/voila $(PRESENT_NOTEBOOK) $(PRESENT_ARGS) $(VOILA_ARGS)

present-nb:
	$(MAKE) present KAMLEARN_LANG=nb

test: $(VENV)/.dev
	$(BIN)/python -m pytest tests kamlearn --doctest-modules -m "not e2e" $(PYTEST_ARGS)
	@$(SPREADSHEET_NOTICE)
	$(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS) $(PYTEST_ARGS)
	@$(E2E_NOTICE)
	$(BIN)/python -m pytest tests/e2e -m e2e $(PYTEST_ARGS)

unit: $(VENV)/.dev
	$(BIN)/python -m pytest tests kamlearn --doctest-modules -m "not e2e" $(PYTEST_ARGS)
	@$(SPREADSHEET_NOTICE)

notebooks-test: $(VENV)/.dev
	$(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS) $(PYTEST_ARGS)

e2e: $(VENV)/.dev
	@$(E2E_NOTICE)
	$(BIN)/python -m pytest tests/e2e -m e2e $(PYTEST_ARGS)

notebooks: $(VENV)/.dev
	$(BIN)/python tools/run_notebooks.py $(NOTEBOOKS)

lint: $(VENV)/.dev
	$(BIN)/ruff check kamlearn tests bench tools
	$(BIN)/mypy

# The course in the browser (JupyterLite + Pyodide 0.27.7), offline, in lite/_output; downloads are cached
# in lite/.cache. lite-test serves it on 127.0.0.1 and runs notebooks 00 and 03 in Chromium.
$(VENV)/.lite: pyproject.toml constraints.txt | $(VENV)/.dev
	$(INSTALL) -e ".[dev,lite]"
	touch $@

lite: $(VENV)/.dev $(VENV)/.lite
	$(BIN)/python tools/build_lite.py

lite-test: $(VENV)/.dev
	@$(E2E_NOTICE)
	$(BIN)/python -m pytest tests/e2e/test_lite.py -m e2e $(PYTEST_ARGS)

# The course website (Jupyter Book 1), offline, in site/_build/html; run `make lite` first to put the
# JupyterLite version inside it. site-test reads every page in Chromium with outside requests refused.
$(VENV)/.site: pyproject.toml constraints.txt | $(VENV)/.dev
	$(INSTALL) -e ".[dev,site]"
	touch $@

site: $(VENV)/.dev $(VENV)/.site
	$(BIN)/python tools/build_site.py

site-test: $(VENV)/.dev
	@$(E2E_NOTICE)
	$(BIN)/python -m pytest tests/e2e/test_site.py -m e2e $(PYTEST_ARGS)

bench: $(VENV)/.dev
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# The message catalogues (kamlearn/locale, see kamlearn/i18n.py and kamlearn/locale/GLOSSARY.md). `catalogues`
# collects every text marked with _ / ngettext / pgettext / npgettext / lazy_gettext (babel.cfg) into
# build/kamlearn.pot, merges it into the bokmål .po (new text arrives untranslated, changed text fuzzy:
# tests/test_i18n_catalogue.py fails until a person translates it) and compiles the .mo. The .mo is committed
# and ships in the wheel; after editing a .po by hand, `make compile-catalogues`.
PYBABEL := $(BIN)/pybabel
catalogues: $(VENV)/.dev
	mkdir -p build
	$(PYBABEL) extract -F babel.cfg --project=kamlearn --version=$$($(BIN)/python -c "import kamlearn; print(kamlearn.__version__)") \
		--copyright-holder="The kamlearn developers" --sort-output --add-location=file --no-wrap -o build/kamlearn.pot .
	$(PYBABEL) update -i build/kamlearn.pot -d kamlearn/locale -D kamlearn --no-wrap --ignore-obsolete
	$(MAKE) compile-catalogues

compile-catalogues: $(VENV)/.dev
	$(PYBABEL) compile -d kamlearn/locale -D kamlearn --statistics

constraints: $(VENV)/.dev
	$(PIP) freeze --exclude-editable | grep -v -i '^kamlearn' > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache build dist lite/_output lite/.cache site/_build site/.cache
