# Developer entry points. `make test` is what CI runs (.ci/run).

PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# Stamp files live inside the venv: deleting the venv deletes them too.
INSTALLED := $(VENV)/.installed
DEMO_STORE := .demo-store
PYTEST_ARGS ?=
# Debian's chromium, for the browser tests (tests/test_browser.py)
CHROMIUM ?= /usr/bin/chromium

.PHONY: venv demo test bench chromium clean distclean

venv: $(INSTALLED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's metadata (dependencies, extras, entry points) changes.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[nlp,spark,test]'
	touch $@

demo: venv
	rm -rf $(DEMO_STORE)
	$(BIN)/relgraph ingest data/articles --store $(DEMO_STORE)
	$(BIN)/relgraph query shared_sanctions_exposure --store $(DEMO_STORE)
	$(BIN)/relgraph viz --store $(DEMO_STORE) -o demo.html

test: venv chromium
	RELGRAPH_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks: figures, never pass/fail. Built stores and generated corpora are
# cached in bench/.cache/ (gitignored). The 100k-article memory run takes about
# 25 minutes on two cores: make bench BENCH_INGEST_SIZES=1000,10000,100000
BENCH_QUERY_SIZES ?= 10000,100000,1000000
BENCH_INGEST_SIZES ?= 1000,10000
bench: venv
	uptime
	$(BIN)/python bench/extract_speed.py --generated 300 --repeat 2
	$(BIN)/python bench/store_write.py
	$(BIN)/python bench/neo4j_load.py
	$(BIN)/python bench/query_latency.py --sizes $(BENCH_QUERY_SIZES)
	$(BIN)/python bench/ingest_memory.py --sizes $(BENCH_INGEST_SIZES)

# Installs Debian's chromium when it is missing and apt-get can run (as root or
# through sudo); otherwise says what to do.
chromium:
	@test -x "$(CHROMIUM)" || { \
	  SUDO=$$(test "$$(id -u)" -eq 0 || echo sudo); \
	  command -v apt-get >/dev/null 2>&1 && \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-dejavu-core >/dev/null; } || { \
	  echo "make test: $(CHROMIUM) not found and could not be installed; the browser tests need \
	Debian's chromium (apt-get install chromium), or set CHROMIUM=PATH" >&2; exit 1; }
	@test -x "$(CHROMIUM)" || { echo "make test: $(CHROMIUM) still missing after apt-get" >&2; exit 1; }

clean:
	rm -rf $(DEMO_STORE) demo.html build dist .pytest_cache .hypothesis .ruff_cache .mypy_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
