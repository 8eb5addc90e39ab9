# `make run` serves the API with demo data; `make test` runs the test suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test test-postgres live serve worker beat queue-health lint format clean

# The suite on PostgreSQL and Redis, as production runs (the services of the CI machine).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/blog
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_data
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

test-postgres: $(VENV)/.dev
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest --create-db

# Real gunicorn processes against PostgreSQL and Redis: scale-out, throttling and fault tests.
live: $(VENV)/.dev
	$(PY) -m pytest -m live tests/live -s  # -s: the figures the tests print belong in the log

# As production runs it: DEBUG off (so SECRET_KEY, CORS_ALLOWED_ORIGINS and FRONTEND_URL must be
# set), static files, gunicorn.
serve: export DEBUG ?= false
serve: $(VENV)/.runtime
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py migrate --no-input
	$(VENV)/bin/gunicorn --config gunicorn.conf.py config.wsgi

# The Celery worker that sends e-mails and does the housekeeping, fed through Redis
# (CELERY_BROKER_URL, or REDIS_URL), with the same environment as `make serve`. Start as many as
# the mail needs, on any hosts; WORKER_CONCURRENCY processes each (the number of cores by default).
worker beat queue-health: export DEBUG ?= false
worker: $(VENV)/.runtime
	$(VENV)/bin/celery --app config worker --loglevel INFO $(if $(WORKER_CONCURRENCY),--concurrency $(WORKER_CONCURRENCY))

# The scheduler of the periodic tasks (housekeeping): exactly one, wherever, beside the workers.
# It keeps when each task last ran in BEAT_SCHEDULE_FILE.
BEAT_SCHEDULE_FILE ?= celerybeat-schedule
beat: $(VENV)/.runtime
	$(VENV)/bin/celery --app config beat --loglevel INFO --schedule $(BEAT_SCHEDULE_FILE)

# Whether the queue is served: the broker answers, workers reply, and how many tasks wait.
queue-health: $(VENV)/.runtime
	$(PY) manage.py queue_health

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# --- API schema and Postman collection ---------------------------------------------------------

.PHONY: schema schema-check postman

# Writes docs/openapi.yaml, the committed OpenAPI schema: run it after changing the API.
schema: $(VENV)/.runtime
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Fails on any schema warning, or when docs/openapi.yaml differs from what the code generates.
schema-check: $(VENV)/.runtime
	@generated=$$(mktemp) && trap 'rm -f "$$generated"' EXIT && \
	$(PY) manage.py spectacular --validate --fail-on-warn --file "$$generated" && \
	if diff -u docs/openapi.yaml "$$generated"; then echo "docs/openapi.yaml is up to date."; \
	else echo "docs/openapi.yaml is out of date: run 'make schema' and commit it."; exit 1; fi

# Runs the Postman collection with newman against a live server on a fresh database.
postman: $(VENV)/.clients  # openapi-core, for the answers
	PY=$(PY) postman/run.sh

# --- The example SPA in a real browser ----------------------------------------------------------

.PHONY: e2e

# Debian's Chromium: the suite never lets Playwright download a browser of its own.
CHROMIUM := /usr/bin/chromium

$(VENV)/.e2e: requirements-e2e.txt $(VENV)/.dev
	$(PY) -m pip install --quiet -r requirements-e2e.txt
	touch $@

# The API (gunicorn, production mode, fresh SQLite) and examples/spa/ on two localhost origins,
# driven by headless Chromium. Installs Chromium with apt-get (as root, as CI runs) if missing.
# Writes e2e/screenshots/spa-post-list.png.
e2e: $(VENV)/.e2e
	test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	$(PY) -m pytest e2e

# --- Generated clients --------------------------------------------------------------------------

.PHONY: clients

$(VENV)/.clients: requirements-clients.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-clients.txt
	touch $@

# A typed Python client (openapi-python-client) and a typed TypeScript one (openapi-typescript with
# openapi-fetch), generated from docs/openapi.yaml, each walking the API's main flows against a
# live server; every answer is then held against the schema (clients/run.sh).
clients: $(VENV)/.clients
	PY=$(PY) clients/run.sh

# --- Fuzzing ------------------------------------------------------------------------------------

.PHONY: fuzz

$(VENV)/.fuzz: requirements-fuzz.txt $(VENV)/.dev
	$(PY) -m pip install --quiet -r requirements-fuzz.txt
	touch $@

# Schemathesis over every operation of the live schema, anonymous and as a signed-in user, against
# gunicorn on a fresh SQLite database (fuzz/run.sh). FUZZ_MAX_EXAMPLES=200 for a longer run.
fuzz: $(VENV)/.fuzz
	PY=$(PY) fuzz/run.sh

# --- Benchmark ----------------------------------------------------------------------------------

.PHONY: bench bench-scale bench-profile

$(VENV)/.bench: requirements-bench.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# The API against a hand-written plain-Django floor (and the same views behind CommonMiddleware
# alone, the bare floor) under wrk, on PostgreSQL (database
# blog_bench_<random>, made and dropped) and SQLite: prints the table and writes bench/results.md.
# Installs wrk with apt-get (as root, as CI runs) and starts PostgreSQL if it has stopped.
bench: $(VENV)/.bench
	command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
	pg_isready --quiet --host 127.0.0.1 \
	  || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	$(PY) -m bench.run

# Every read of the post list, its filters, categories, tags and authors, and creating a post, at
# 2,000 and at 1,000,000 posts, against gunicorn on PostgreSQL: prints the table and writes it into
# bench/results.md. The data sets (generated with SQL, blog_scale_<posts>_<schema digest>) are
# kept for the next run while the migrations stay the same.
bench-scale: $(VENV)/.runtime
	pg_isready --quiet --host 127.0.0.1 \
	  || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	$(PY) -m bench.scale

# pyinstrument's profile of one request (BENCH_PATH, the post list's page 3 by default) on the
# benchmark's data in SQLite.
bench-profile: $(VENV)/.bench
	$(PY) -m bench.profile $(BENCH_PATH)
