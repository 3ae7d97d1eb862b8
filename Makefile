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

# `kiroku site` runs `kiroku sync`, `analyse`, `check` and `build --incremental` in one process.
site: $(BIN)/kiroku
	$(BIN)/kiroku site

browser:
	bash tools/install-browser.sh

lint: $(BIN)/kiroku
	$(BIN)/ruff check tools tests
	$(BIN)/ruff format --check tools tests
	$(BIN)/mypy tools/kiroku

# The browser tests run in their own pytest process: Playwright's sync API keeps an event loop
# running in its process, which Textual's Pilot tests cannot share.
test: $(BIN)/kiroku browser lint
	$(BIN)/pytest -n 2 --ignore=tests/browser
	$(BIN)/pytest -n 2 tests/browser

clean:
	rm -rf $(VENV) site .kiroku
