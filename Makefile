# Two commands for a fresh machine with Python 3.11+ (README):
#   make run   installs, migrates, loads the source data and demo users, serves :8000
#   make test  installs what tests need and runs the whole suite
# Both are idempotent.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lock typecheck system-deps migrate load serve messages lint worker beat clean

run: install system-deps load
	@$(PY) manage.py load_demo
	@$(PY) manage.py load_demo_meetings
	@$(PY) manage.py load_demo_records
	@$(PY) manage.py load_demo_progress
	@$(PY) manage.py load_demo_public
	@$(PY) manage.py load_demo_communiques
	@$(PY) manage.py load_demo_directory
	@$(PY) manage.py load_demo_stats
	@$(PY) manage.py load_demo_events
	@$(PY) manage.py load_demo_presidency
	@echo ""
	@echo "Serving http://127.0.0.1:8000  (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

# On every core (pytest-xdist), each worker taking the next test when it is free.
test: install
	@sh scripts/system-deps.sh test
	$(VENV)/bin/pytest -n auto --dist worksteal

install: $(STAMP)

# pip from its own lock first (the pip a venv starts with may be too old for the lock:
# requirements/pip.in says why); then exactly the lock file's versions, hashes checked;
# then the project itself without deps.
$(STAMP): pyproject.toml requirements/pip.txt requirements/dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/pip.txt
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/dev.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $(STAMP)

# After a change of pyproject.toml's dependencies: the lock files again (uv, with hashes).
lock:
	$(VENV)/bin/uv pip compile requirements/pip.in --generate-hashes --python-version 3.11 -o requirements/pip.txt
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements/dev.txt

# WeasyPrint needs Pango and HarfBuzz from Debian; installed here when we are root.
system-deps:
	@sh scripts/system-deps.sh

migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_coalition

messages: install
	$(PY) manage.py makemessages -l es -l en --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	bash scripts/typecheck.sh

typecheck: install
	bash scripts/typecheck.sh

worker: install
	$(VENV)/bin/celery -A coalicion worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A coalicion beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .test-media
