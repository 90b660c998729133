# Diminishing Returns: build the book and run the tests.
#   make book     create .venv from requirements.txt, execute every chapter, build _build/html
#   make test     everything `make book` needs plus the test tools, then run every test
#   make serve    preview the built site on http://127.0.0.1:8000 (PORT=...)
#   make student  worksheets, solution notebooks and otter-grader archives in dist/student
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM ?= /usr/bin/chromium
# The GitHub repository the launch and repository buttons open (_ext/publishing.py). Empty: the git
# remote origin is used. Set it as `make book REPOSITORY=https://github.com/<org>/<name>` or in the
# environment as BOOK_REPOSITORY_URL.
REPOSITORY ?= $(BOOK_REPOSITORY_URL)
PORT ?= 8000
# _ext/preexecute.py runs the chapters missing from Jupyter Book's cache several at a time first (Jupyter Book
# runs them one by one); the build then takes them from the cache.
# Jupyter Book's cache keys a chapter on its own text only. A change to the library,
# the data or the pinned packages must re-run every chapter, so the build keeps a
# hash of them and clears the cache when it changes.
LIB_HASH = $(shell cat requirements.txt $$(find scaling_lib data _ext -type f \( -name '*.py' -o -name '*.csv' \) | LC_ALL=C sort) | sha256sum | cut -c1-16)

.PHONY: book book-build test env test-env chromium bundle clean student serve

env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "make: Python 3.11 or newer is needed (set PYTHON=python3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# axe-core for the accessibility tests (tests/site/test_accessibility.py), from the npm registry, pinned.
AXE_VERSION := 4.14.1
AXE_STAMP := .cache/axe/.installed-$(AXE_VERSION)
# The Nu Html Checker (vnu.jar, shipped inside the vnu-jar npm package, pinned) for tests/site/test_html_valid.py;
# it runs on Java (Debian's default-jre-headless). Its own Java downloader (an install script) is not run.
VNU_VERSION := 26.9.27
VNU_STAMP := .cache/vnu/.installed-$(VNU_VERSION)
test-env: $(TEST_STAMP) $(AXE_STAMP) $(VNU_STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

$(AXE_STAMP):
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nodejs and npm for the accessibility tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "make: the accessibility tests need npm to install axe-core: install Node.js and npm (Debian: 'sudo apt-get install nodejs npm')"; exit 1; \
	  fi; \
	fi
	npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION)
	@touch $@

$(VNU_STAMP): $(AXE_STAMP)
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's Java runtime for the HTML validator"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "make: the HTML validator needs Java: install it (Debian: 'sudo apt-get install default-jre-headless')"; exit 1; \
	  fi; \
	fi
	npm install --no-save --no-audit --no-fund --ignore-scripts --prefix .cache/vnu vnu-jar@$(VNU_VERSION)
	@test -f .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
	@touch $@

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make: the browser tests need Debian's chromium at $(CHROMIUM): run 'sudo apt-get install chromium'"; exit 1; \
	  fi; \
	fi

# The Vega bundle is written once per environment: it changes only with the pinned vl-convert or the bundler.
bundle: _static/vega-bundle.js

_static/vega-bundle.js: $(STAMP) scaling_lib/charts/bundle.py scaling_lib/charts/render.py
	$(BIN)/python -m scaling_lib.charts.bundle $@
	@touch $@

# What the site is built from, and the repository and commit its links and footer name: when none of these
# changed since the last build, `make book` says so and stops (Jupyter Book alone takes seconds to find that out).
BOOK_INPUTS := book scaling_lib data _ext _static _config.yml _toc.yml references.bib requirements.txt
BOOK_STAMP := _build/.book-built
BUILD_KEY = $(REPOSITORY)|$(shell git rev-parse HEAD 2>/dev/null)|$(shell git tag --points-at HEAD 2>/dev/null | sort | tr '\n' ' ')|$(shell git remote get-url origin 2>/dev/null)

book: $(STAMP) bundle
	@if [ -f $(BOOK_STAMP) ] && [ "$$(cat $(BOOK_STAMP))" = "$(BUILD_KEY)" ] && \
	   [ -z "$$(find $(BOOK_INPUTS) -newer $(BOOK_STAMP) -type f ! -name '*.pyc' -print -quit 2>/dev/null)" ]; then \
	  echo "make: the book in _build/html is up to date"; \
	else \
	  $(MAKE) --no-print-directory book-build; \
	fi

book-build:
	@rm -f $(BOOK_STAMP)
	@if [ "$$(cat _build/.library-hash 2>/dev/null)" != "$(LIB_HASH)" ]; then \
	  echo "scaling_lib, data or requirements changed: every chapter will be re-executed"; \
	  rm -rf _build/.jupyter_cache _build/.doctrees; \
	fi
	SCALING_LIB_TARGET=site $(BIN)/python _ext/preexecute.py
	SCALING_LIB_TARGET=site BOOK_REPOSITORY_URL="$(REPOSITORY)" $(BIN)/jupyter-book build . -W -n --keep-going
	@echo "$(LIB_HASH)" > _build/.library-hash
	@echo "$(BUILD_KEY)" > $(BOOK_STAMP)

test: book test-env chromium
	$(BIN)/python -m pytest -q --durations=30

clean:
	rm -rf _build _static/vega-bundle.js

# Coursework (_ext/worksheets.py), in dist/student/: per chapter a worksheet (<chapter>-student.ipynb, also in the
# site and in Binder), its solution notebook (solutions/) and an otter-grader archive (autograder/, the instructor's:
# it holds the answers), plus a zip of the worksheets. Glued numbers come from _build/jupyter_execute when
# `make book` has run since the chapter changed; otherwise the chapter is executed once here.
student: $(STAMP)
	$(BIN)/python _ext/worksheets.py student dist/student

# Preview the built site (run `make book` first) in a local web server; Ctrl+C stops it.
serve:
	@test -f _build/html/index.html || { echo "make: the site is not built: run 'make book' first"; exit 1; }
	@echo "Serving _build/html on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	@$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html
