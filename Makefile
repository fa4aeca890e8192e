# The UNTOP programme portal. `make run` sets up and serves the portal with demo data;
# `make test` runs the checks and the test suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The suite runs in one process per core (pytest-xdist); TEST_PROCESSES=0 runs it in one.
TEST_PROCESSES ?= auto

.PHONY: run setup test test-fast lint format lock vendor chromium clean-var bench messages

$(BIN)/.installed: requirements-dev.lock
	scripts/check-system.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

setup: $(BIN)/.installed .env

# Development settings for manage.py commands typed in this checkout (git-ignored).
.env:
	printf '# Development checkout: see README, Configuration.\nDJANGO_DEBUG=true\n' > $@

# Embedded default: SQLite and a filesystem Celery broker under var/, DEBUG on,
# demo data and demo logins, the web server and a real Celery worker.
run: setup
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=true HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/run-dev.sh

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_PROCESSES)

# Everyday work: lint and the suite without the browser and worker tests (SQLite unless
# DATABASE_URL says otherwise). CI runs `make test`, the whole suite.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_PROCESSES) -m "not browser and not worker" -q

# The benchmark (README, Benchmarks): PostgreSQL, a database per scale named after the one in
# DATABASE_URL (default the local untop_bench: untop_bench_scale_0_01, untop_bench_scale_1),
# created when missing, their data replaced; scales 0.01 and 1 (BENCH_SCALES to change
# them); prints the table and writes var/bench/latest.json.
bench: setup
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@command -v chromium >/dev/null || scripts/install-chromium.sh

# Regenerate the locked dependencies from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		-c requirements.lock -o requirements-dev.lock

# Copy the front-end libraries pinned in package.json into static/vendor/.
vendor:
	scripts/vendor-static.sh

# Refresh the Russian and Tajik catalogues from the code (needs gettext), then compile them.
# The compiled .mo files are committed, so running the portal needs no gettext.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=static
messages: setup
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemessages -l ru -l tg $(MESSAGES_IGNORE)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compilemessages -l ru -l tg --ignore=.venv

clean-var:
	rm -rf var/
