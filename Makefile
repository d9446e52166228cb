# The two commands of the README: `make test` and `make demo`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo lint install bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CareSlot needs Python 3.11 or newer.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check bot handlers services db migrations tests benchmarks

test: $(STAMP) lint
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/careslot demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks.contention
	$(BIN)/python -m benchmarks.dispatch
	$(BIN)/python -m benchmarks.search
	$(BIN)/python -m benchmarks.throughput
	$(BIN)/python -m benchmarks.agenda
	$(BIN)/python -m benchmarks.audit_log
	$(BIN)/python -m benchmarks.patient_search
	$(BIN)/python -m benchmarks.reports

clean:
	rm -rf $(VENV) .pytest_cache
