# Developer entry points. `make test` is what CI runs (.ci/run).

PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# Stamp files live inside the venv: deleting the venv deletes them too.
INSTALLED := $(VENV)/.installed
DEMO_STORE := .demo-store
PYTEST_ARGS ?=

.PHONY: venv demo test clean distclean

venv: $(INSTALLED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's metadata (dependencies, extras, entry points) changes.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[nlp,test]'
	touch $@

demo: venv
	rm -rf $(DEMO_STORE)
	$(BIN)/relgraph ingest data/articles --store $(DEMO_STORE)
	$(BIN)/relgraph query shared_sanctions_exposure --store $(DEMO_STORE)
# Placeholder until a visualisation command exists:
#	$(BIN)/relgraph viz --store $(DEMO_STORE) -o demo.html

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(DEMO_STORE) build dist .pytest_cache .hypothesis .ruff_cache .mypy_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
