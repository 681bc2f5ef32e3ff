# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := examples/microsoft-openai-stargate.it.txt

.PHONY: run test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## run: install, then the main job on the demo article, offline
run: $(VENV)/.installed
	$(BIN)/claimscope ingest $(DEMO)
	$(BIN)/claimscope extract $(DEMO)

## test: the whole fast suite (network blocked)
test: $(VENV)/.installed
	$(BIN)/pytest -q

## lint: ruff and mypy
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
