# newsdigest: `make site` builds the site from seeds/, `make test` runs the whole test suite.
# Both set up everything they need on a fresh machine (a virtual environment in .venv).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site generate serve test lint eval bench clean

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

serve: $(STAMP)
	$(PY) -m generator serve

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests eval

test: $(STAMP) lint
	$(PY) -m pytest -q

eval: $(STAMP)
	$(PY) -m eval

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf site .cache
