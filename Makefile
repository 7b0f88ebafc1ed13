# The two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CATALOGUES := $(wildcard facilitator/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test test-fast bench demo translations extract-messages clean

run: $(STAMP) $(COMPILED)
	$(BIN)/python run.py

# The in-process tests run in two worker processes (pytest-xdist); the tests that drive real
# servers, sockets and Chromium one at a time, since they measure how pages and servers keep up.
test: $(DEV_STAMP) $(COMPILED)
	node --test tests/js/
	$(BIN)/python -m pytest -n 2 tests/unit tests/integration
	$(BIN)/python -m pytest tests/e2e tests/browser

# Everything but the browser tests, for a quick round while coding.
test-fast: $(DEV_STAMP) $(COMPILED)
	node --test tests/js/
	$(BIN)/python -m pytest -n 2 tests/unit tests/integration
	$(BIN)/python -m pytest tests/e2e

# The short load benchmark: its figures next to a bare Flask-SocketIO server's under the same
# traffic in the same run. At length, with the async modes side by side: python -m bench.load --full.
# Acknowledgement latency against TCP_NODELAY: python -m bench.ack_latency 100.
bench: $(DEV_STAMP) $(COMPILED)
	$(BIN)/python -m bench.load

# A finished Dutch demo round with two tables, in the same database `make run` serves.
demo: $(STAMP) $(COMPILED)
	$(BIN)/flask --app facilitator demo

# What the app needs to serve, in three steps whose progress pip shows as it goes (the first
# install downloads every package and takes a few minutes). pabutools comes last, without its
# declared dependencies, which include the proprietary gurobipy: docs/DEPENDENCIES.md says why.
$(STAMP): requirements.txt requirements-no-deps.txt
	@echo "==> Step 1 of 3: a Python environment in $(VENV)/"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip setuptools
	@echo "==> Step 2 of 3: what the app needs to serve (requirements.txt: about 75 packages; the first time this takes a few minutes)"
	$(BIN)/python -m pip install -r requirements.txt
	@echo "==> Step 3 of 3: pabutools, without gurobipy (requirements-no-deps.txt)"
	$(BIN)/python -m pip install --no-deps -r requirements-no-deps.txt
	@# An environment made before pabutools came without its declared dependencies still has them.
	$(BIN)/python -m pip uninstall --yes -qq gurobipy preflibtools prefsampling
	touch $(STAMP)
	@echo "==> Installed. Compiling the translations, then the app starts."

# What tests and benchmarks add (Playwright, pytest, pip-audit, the load generator).
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	@echo "==> What the tests and benchmarks add (requirements-dev.txt)"
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $(DEV_STAMP)

translations: $(COMPILED)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@
	@# pybabel skips a catalogue marked fuzzy and still succeeds: refuse a stale .mo.
	@test $@ -nt $< || { echo "$< was not compiled (marked fuzzy?)"; exit 1; }

# After changing user-facing strings: extract them and merge into the catalogues.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o facilitator/translations/messages.pot --no-location --omit-header --no-wrap .
	$(BIN)/pybabel update -i facilitator/translations/messages.pot -d facilitator/translations --no-fuzzy-matching --no-wrap

clean:
	rm -rf $(VENV) test-artifacts $(COMPILED)
