# CRM Lab: `make book` builds the site, `make test` runs every test.
# Both set up what they need (venv, npm assets, Debian packages) idempotently.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := _vendor
# Defined before any rule names it: make expands a rule's prerequisites when it reads the rule.
MATHJAX_IN_PACKAGE := crmlab/grading/vendor/tex-svg.js
MATHJAX_TEMPLATE := crmlab/grading/vendor/jupyter/nbconvert/templates/base/mathjax.html.j2

.PHONY: book site site-en site-zh zh-stale test quick setup lint clean dist

book: setup _build/.crmlab-stamp _build/.assets-stamp
	@$(MAKE) --no-print-directory site
	@echo
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

# The build itself, without set-up (bench/build.py times this): write each assignment's page from its spec,
# in both editions (tools/exercise_pages.py); link the book's shared files into the Chinese project
# (tools/zh_edition.py link); execute the pages of both editions the execution cache lacks, several at a
# time, forked from one warm process (tools/execute_book.py); then Sphinx, once per edition, the two at
# once (English into _build/html, Chinese into _build/html/zh), each finding every page in the cache. A
# page that fails there is left to myst-nb to run and report. Last, the Chinese pages that are missing
# or lag behind their English page are listed (tools/zh_edition.py stale; `make zh-stale` lists them alone).
site:
	$(BIN)/python tools/exercise_pages.py
	$(BIN)/python tools/zh_edition.py link
	$(BIN)/python tools/execute_book.py
	@$(MAKE) --no-print-directory -j2 --output-sync=target site-en site-zh
	@$(BIN)/python tools/zh_edition.py stale

site-en:
	$(BIN)/jupyter-book build . -W -n --keep-going

site-zh:
	$(BIN)/python tools/zh_edition.py build

zh-stale: $(VENV)/.installed
	@$(BIN)/python tools/zh_edition.py stale

# Two workers, one test file each: module-scoped fixtures (a graded course, a browser) are built once.
test: book
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The inner loop: library unit tests and doctests only (no book build).
quick: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 -m "not book and not browser and not slow" crmlab tests

lint: $(VENV)/.installed
	$(BIN)/ruff check crmlab tests tools

setup: $(VENV)/.installed $(VENV)/.jupyterlab $(VENDOR)/.installed $(MATHJAX_IN_PACKAGE) $(MATHJAX_TEMPLATE) .system-packages

# The execution cache keys each page on its own code only, and Sphinx re-reads a page only when its
# source changes: when the library, the data, the glossary (which the glossary page and every calculator's
# Chinese words read) or an assignment's spec change, every page must run again
# and be read again (drop both the cache and Sphinx's environment), or figures, numbers and the
# exercises' student versions go stale.
_build/.crmlab-stamp: $(shell find crmlab datasets exercises -type f \( -name '*.py' -o -name '*.csv' -o -name '*.md' \)) \
		$(wildcard book/glossary/*.yml)
	rm -rf _build/.jupyter_cache _build/.doctrees _build/zh/.doctrees
	mkdir -p _build && touch $@

# Sphinx copies static files only in a build that writes some page: when only the site's own CSS, JS or
# templates (book/assets), the vendored browser assets or the Python packages (a new Sphinx, theme or jieba,
# which splits the Chinese search index into words) change, drop both editions' environments so that
# every page is read and written again (the execution cache stays: nothing runs again).
_build/.assets-stamp: $(shell find book/assets -type f -not -name '*.pyc') $(VENDOR)/.installed $(VENV)/.installed
	rm -rf _build/.doctrees _build/zh/.doctrees
	mkdir -p _build && touch $@

# requirements.txt is the complete lock, installed as it is (--no-deps); `pip check` proves that no
# dependency is missing. It leaves out rfc3987-syntax (and lark), which jupyter-events' optional
# jsonschema[format-nongpl] extra would pull in: jsonschema imports it whenever it is installed, compiling
# ~40 grammars in 1.5-2.5 s in every process that imports nbformat, for a URI format check we never use.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

# JupyterLab reads the pages: .md files open as notebooks, glued numbers show (book/assets/jupyterlab/install.py
# puts CRM Lab's JupyterLab settings and small extension into .venv; jupyterlab-myst renders the MyST).
$(VENV)/.jupyterlab: $(VENV)/.installed $(wildcard book/assets/jupyterlab/*) book/assets/static/crmlab-calculators.js
	$(BIN)/python book/assets/jupyterlab/install.py
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The browser assets the site serves itself instead of loading them from CDNs.
$(VENDOR)/.installed: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/requirejs $(VENDOR)/vega
	cp -r node_modules/mathjax/es5 $(VENDOR)/mathjax
	cp node_modules/requirejs/require.js $(VENDOR)/requirejs/
	cp -r node_modules/@jupyter-widgets/html-manager/dist $(VENDOR)/html-manager
	rm -f $(VENDOR)/html-manager/*.map
	cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js \
	   node_modules/vega-embed/build/vega-embed.min.js $(VENDOR)/vega/
	touch $@

# Feedback and formgrader pages inline MathJax from the package itself (so an installed crmlab has it too):
# the file, and nbconvert's mathjax macro rewritten to inline it (crmlab.grading.feedback.JUPYTER_DATA).
$(MATHJAX_IN_PACKAGE): node_modules/.installed
	mkdir -p $(dir $@) && cp node_modules/mathjax/es5/tex-svg.js $@

$(MATHJAX_TEMPLATE): $(MATHJAX_IN_PACKAGE) crmlab/grading/feedback.py $(VENV)/.installed
	$(BIN)/python -c "from crmlab.grading.feedback import write_mathjax_template; write_mathjax_template()"

.system-packages: tools/install-system-packages.sh
	tools/install-system-packages.sh
	touch $@

# A wheel and an sdist of crmlab that work without the repository (data sets, the course, feedback's MathJax
# inside), built with setuptools' own PEP 517 hooks.
dist: $(VENV)/.installed $(MATHJAX_IN_PACKAGE) $(MATHJAX_TEMPLATE)
	rm -rf dist build && mkdir -p dist
	$(BIN)/python -c "from setuptools import build_meta as b; b.build_wheel('dist'); b.build_sdist('dist')"
	@ls dist

# A class server on this machine, as root (deploy/jupyterhub; the instructor page book/exercises/hub.md): the hub's
# environment from the wheel, the exchange, the course, PostgreSQL, then JupyterHub on port 8000 unless it runs.
#   sudo make hub HUB_SETUP="--instructor li --course-id crm-2026"      (HUB_STATE: where it lives)
HUB_STATE ?= /srv/crmlab-hub
.PHONY: hub
hub: dist node_modules/.installed .system-packages
	deploy/jupyterhub/crmlab-hub --state $(HUB_STATE) setup $(HUB_SETUP)
	deploy/jupyterhub/crmlab-hub --state $(HUB_STATE) status >/dev/null || deploy/jupyterhub/crmlab-hub --state $(HUB_STATE) start

clean:
	rm -rf _build $(VENDOR) .system-packages dist build crmlab/grading/vendor

# PNGs of every page at desktop and phone widths, for review, in _build/screenshots/.
.PHONY: screenshots
screenshots: book
	$(BIN)/python tools/screenshots.py
