# Two commands do all the set-up on a fresh machine:
#   make demo   installs dipwatch and runs it on the bundled sample corpus
#   make test   installs what the tests need and runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo serve test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip  # the venv's old pip drops trafilatura's lxml extra

install: $(BIN)/python
	$(BIN)/pip install -q -e . 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -c "import dipwatch, spacy, trafilatura" || (echo "install failed" && exit 1)

install-test: $(BIN)/python
	$(BIN)/pip install -q -e ".[test]" 2>&1 | grep -v "is ignored" || true
	@$(BIN)/python -c "import dipwatch, pytest, hypothesis, playwright" || (echo "install failed" && exit 1)

demo: install
	$(BIN)/dipwatch demo

# The dashboard and API over the demo database (read-only, http://127.0.0.1:8001/); builds it first if missing.
serve: install
	@test -f dipwatch-demo.db || $(BIN)/dipwatch demo
	$(BIN)/dipwatch serve --db dipwatch-demo.db

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) dipwatch-demo.db* .pytest_cache
