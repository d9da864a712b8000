# The Makefile is the executable documentation: every workflow a developer or CI runs is here.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# config.toml when you have written one, else the documented example (console mode, real feeds)
CONFIG ?= $(if $(wildcard config.toml),config.toml,config.example.toml)
STAMP := $(VENV)/.installed

.PHONY: install run demo test lint fmt type check bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cjk,postgres]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot --config $(CONFIG) run

demo: $(STAMP)
	$(BIN)/python -m bot demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

type: $(STAMP)
	$(BIN)/mypy

check: lint type test

bench: $(STAMP)
	$(BIN)/python -m bench

# an hour of the real bot, SIGKILLed now and then, beside a cron-like digest loop (issue 13)
soak: $(STAMP)
	$(BIN)/python -m bench.soak --minutes 60

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info
