# Madoguchi: `make demo` runs the demo, `make test` runs lint, the layer contract and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE := tests/e2e/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint pytest serve clean

demo: $(VENV)/.installed-demo
	@tools/system-packages.sh demo
	$(BIN)/madoguchi demo
	@echo "ブラウザで http://$(HOST):$(PORT)/ を開いてください（終了は Ctrl+C）。"
	$(BIN)/madoguchi serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev
	@tools/system-packages.sh test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	DATABASE_URL= $(BIN)/madoguchi makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev $(AXE)
	$(BIN)/pytest

# axe-core for the browser tests' accessibility check, pinned by tests/e2e/package-lock.json.
$(AXE): tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --prefer-offline --loglevel=error
	touch $@

$(VENV)/bin/python:
	@tools/system-packages.sh demo
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-demo: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-demo

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache .mypy_cache
