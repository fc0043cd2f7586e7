# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
STAMP  := $(VENV)/.installed

.PHONY: run test lint check install build-graph serve bench clean help

help:
	@echo "make run    create .venv, install, build the graph into $(STORE), serve http://127.0.0.1:8000"
	@echo "make test   lint, then install test dependencies (Java, Chromium, Virtuoso) when missing and run all tests"
	@echo "make lint   ruff check, ruff format --check and mypy (configured in pyproject.toml)"
	@echo "make check  long runs: 20 kill -9 trials during API writes, the analysis at 1M triples, igel load vs pySHACL on every mutation (several minutes)"
	@echo "make bench  run the benchmarks (figures in benchmarks/out/results.md, benchmarks/out/endpoints-*.md, benchmarks/out/load-*.md)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build-graph: $(STAMP)
	./scripts/install-java.sh
	$(BIN)/igel --store $(STORE) build

run: build-graph
	$(BIN)/igel --store $(STORE) serve

# style and types first: a lint error fails in seconds, before the long test run
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Test files run in TEST_WORKERS processes (pytest-xdist), each file whole in one of them:
# most tests wait on servers, worker processes, Java or Chromium, so two processes keep
# both cores busy (about 20 min of CPU in all). Tests that assert on timing or on the
# query workers' load (marked `alone`) run afterwards in one process: beside another
# test process a cheap query can outlast the 0.5 s after which it counts as long.
TEST_WORKERS ?= 2
PYTEST := IGEL_REQUIRE_VIRTUOSO=1 IGEL_REQUIRE_CHROMIUM=1 $(BIN)/python -m pytest -q -p no:cacheprovider
test: lint
	./scripts/install-test-deps.sh
	$(PYTEST) -m "not check and not alone" -n $(TEST_WORKERS) --dist loadfile --durations=25
	$(PYTEST) -m "alone and not check" --durations=10

check: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m check

# BENCH_SCALE=100000 for a quick side-by-side run; 1000000 gives the README's figures
BENCH_SCALE ?= 1000000
bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	command -v wrk >/dev/null || $$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -qq wrk
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/endpoints.py --scale $(BENCH_SCALE)
	$(BIN)/python benchmarks/load_bench.py --scale $(BENCH_SCALE)

clean:
	rm -rf $(VENV) var build dist test-artifacts
