# newsdigest: `make site` builds the site from seeds/, `make test` runs the whole test suite.
# Both set up everything they need on a fresh machine (a virtual environment in .venv).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site generate serve test lint browser-deps eval bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

generate: $(STAMP)
	$(PY) -m generator generate

# Live preview: the newsdigest MkDocs plugin regenerates pages whenever a seed changes;
# --dirty re-renders only the pages whose Markdown changed (one rebuild per change).
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests eval bench

test: $(STAMP) lint browser-deps
	$(PY) -m pytest -q

# The browser tests drive Debian's Chromium (never `playwright install`, which downloads one).
CHROMIUM ?= /usr/bin/chromium
browser-deps:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

eval: $(STAMP)
	$(PY) -m eval

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf site .cache
