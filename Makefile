# newsdigest: `make site` builds the site from seeds/, `make test` runs the whole test suite.
# Both set up everything they need on a fresh machine (a virtual environment in .venv).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
LIGHTHOUSE := node_modules/.bin/lighthouse
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site generate serve test lint browser-deps lighthouse eval bench clean

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
browser-deps: $(AXE)
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# axe-core (accessibility checks injected into the browser tests) from the npm registry, at the
# version locked in package-lock.json; Lighthouse (a devDependency) only for `make lighthouse`.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	npm ci --omit=dev --no-audit --no-fund
	touch $(AXE)

$(LIGHTHOUSE): package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund
	touch $(LIGHTHOUSE) $(AXE)

# Lighthouse (mobile preset, offline) on a story page of the seeds plus 600 BBC articles.
lighthouse: $(STAMP) browser-deps $(LIGHTHOUSE)
	$(PY) -m bench.reader --articles 600 --lighthouse
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

eval: $(STAMP)
	$(PY) -m eval

# BENCH_ARGS: e.g. --rss-only (the 10x memory row alone) or --rss-copies 0 (all rows but it).
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf site .cache
