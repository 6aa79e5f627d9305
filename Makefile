# Every target that needs Python creates .venv itself and installs pmf into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install report test lint bench schemas validate status clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/pmf report mid-year --root . --out reports

validate: $(STAMP)
	$(BIN)/pmf validate --root .

status: $(STAMP)
	$(BIN)/pmf status --root .

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

schemas: $(STAMP)
	$(BIN)/pmf schema --out schemas

clean:
	rm -rf $(VENV) reports .pytest_cache
