# The two commands of the README: `make site` (build the site from the archive), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint bench browser clean

$(BIN)/kiroku: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

site: $(BIN)/kiroku
	$(BIN)/kiroku sync
	$(BIN)/kiroku analyse
	$(BIN)/kiroku check
	$(BIN)/kiroku build

browser:
	bash tools/install-browser.sh

lint: $(BIN)/kiroku
	$(BIN)/ruff check tools tests

test: $(BIN)/kiroku browser lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) site .kiroku
