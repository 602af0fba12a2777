# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app survey_app
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: setup run serve db sample test test-fast test-pg model reliability report validate bench clean

$(STAMP): requirements.txt requirements-dev.txt
	scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

## setup: create .venv and install pinned requirements
setup: $(STAMP)

## db: create or migrate the database (SQLite under instance/ unless DATABASE_URL is set)
db: setup
	$(FLASK) db upgrade

## sample: load the starter questionnaires' sample responses (real NEAS FFT comments), once
sample: db
	$(FLASK) questionnaires validate
	$(FLASK) sample load

## run: set up, migrate, load sample data and serve on http://127.0.0.1:5000
run: sample
	$(FLASK) run --host $(HOST) --port $(PORT)

## serve: production-style server (gunicorn, 4 workers)
# --preload builds the app once, before the workers start: a bad setting stops it with one line
serve: sample
	$(BIN)/gunicorn --workers 4 --preload --bind $(HOST):$(PORT) "survey_app:create_app()"

## test: the whole suite (browser tests included)
test: setup
	scripts/system-deps.sh --test
	$(BIN)/python -m pytest

## test-fast: the suite without the real-browser tests
test-fast: setup
	scripts/system-deps.sh --pdf
	$(BIN)/python -m pytest -m "not browser"

## test-pg: the suite against the local PostgreSQL server
test-pg: setup
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest

## model: rebuild the theme and sentiment models from analysis/data (no network), then the per-theme reliability table
model: setup
	$(BIN)/python -m analysis.train
	$(BIN)/python -m analysis reliability

## reliability: cross-validate each theme's coding (NEAS training part) into analysis/data/theme_reliability.csv
reliability: setup
	$(BIN)/python -m analysis reliability

## report: themed PDF (and HTML) of the sample data's 2022 follow-up round against its baseline, into reports/
report: sample
	mkdir -p reports
	$(BIN)/python -m analysis report --db "$${DATABASE_URL:-sqlite:///$(CURDIR)/instance/survey.sqlite3}" --round "2022 follow-up" --out reports/sample.pdf --html reports/sample.html

## validate: check every questionnaire file
validate: setup
	$(FLASK) questionnaires validate

## bench: print speed and memory figures (needs ../shared/data for the 159k file)
bench: setup
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) instance reports .pytest_cache
