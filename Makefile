# Vì Dân — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
ONLY ?=

.PHONY: catalogue run test test-sqlite test-postgres bench mutate lint format messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

catalogue: $(STAMP)
	$(BIN)/vidan compile-catalogue

# The checkout's development settings (DEBUG on, a secret key of its own, the SQLite file), written once and
# never overwritten; every `vidan` command run from the checkout reads them, the environment winning.
.env: | $(STAMP)
	$(BIN)/vidan dev-env $@

run: catalogue .env
	$(BIN)/vidan migrate --no-input
	$(BIN)/vidan import-units
	$(BIN)/vidan demo --if-empty
	$(BIN)/vidan runserver 127.0.0.1:8000

test: catalogue
	scripts/ensure-chromium
	$(BIN)/pytest -q
	@# The date-sensitive tests again, as if it were a Saturday, a holiday, after the 15:00 cut-off or the last
	@# day of the year (one a day, from the date), so that a run on a weekday morning also proves the others.
	@now=$$($(BIN)/python -m tests.clock) && \
		echo "== the date-sensitive tests again (-m clock), at $$now" && \
		VIDAN_TEST_NOW="$$now" $(BIN)/pytest -q -m clock
	@if [ -z "$$DATABASE_URL" ] && scripts/postgres-ready "$(PG_URL)"; then \
		echo "== again on PostgreSQL"; \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q; \
	fi

bench: catalogue
	$(BIN)/python -m bench $(if $(ONLY),--only $(ONLY),)

# Mutation testing of the legal engine (docs/testing.md): minutes, not seconds (890 mutants), on SQLite,
# never part of `make test`. MUTATE_CHILDREN processes at once; the mutants and their results stay in mutants/.
MUTATE_CHILDREN ?= 2
mutate: catalogue
	$(BIN)/pip install --quiet -e '.[dev,mutate]'
	rm -rf mutants
	DATABASE_URL= $(BIN)/mutmut run --max-children $(MUTATE_CHILDREN)
	$(BIN)/python scripts/mutation-score

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Developers only (needs GNU gettext): refresh the catalogues from the source.
messages: $(STAMP)
	cd vidan && ../$(BIN)/django-admin makemessages --settings=vidan.config.settings -l vi -l en --no-obsolete --no-location

clean:
	rm -rf $(VENV) build *.egg-info
