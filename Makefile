# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates .venv from pyproject.toml when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "pgshadow needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pgshadow demo

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check replica engine wire tests tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache

# Conformance scores over the shared corpora (../shared/corpora): reports in conformance/<corpus>/.
# Not part of `make test`; CORPUS=pg_regress|sqllogictest|pagila (default: all three).
CORPUS ?= pg_regress sqllogictest pagila
.PHONY: conformance
conformance: $(STAMP)
	@for c in $(CORPUS); do \
		$(VENV)/bin/python -m replica.replay.cli conformance --corpus $$c --out conformance/$$c --format markdown || test $$? -le 1 || exit $$?; \
	done
