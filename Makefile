# Two commands set everything up on a fresh machine (see README):
#   make run    virtualenv + requirements + migrate + demo data + admin login, then serve
#   make test   the whole test suite (also what .ci/run calls)
PYTHON_BIN := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The shared newsletter seeds (CI checks them out beside the clone); the demo imports both.
SEEDS_DIR ?= ../shared/seeds

.PHONY: run test lint deps dev-deps clean

$(VENV)/.created:
	@test -n "$(PYTHON_BIN)" || (echo "Python >= 3.12 is required" >&2; exit 1)
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.deps: $(VENV)/.created requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: $(VENV)/.deps requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# The local site runs with DEBUG on (media served, no HTTPS redirect); production
# sets DJANGO_SECRET_KEY and ALLOWED_HOSTS instead. load_demo loads the registry the seeds print
# (demo/seed_facts.toml), the fictional samples, and both seed files through
# `import_issue --if-missing --publish` (seed 003 with docs/reviews/003_….decisions), printing each
# import command it runs; without the seeds it leaves their issues out.
run: export DJANGO_DEBUG ?= 1
run: deps
	scripts/system-deps run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --seeds "$(SEEDS_DIR)"
	$(PY) manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/
	PY=$(PY) scripts/serve $(HOST):$(PORT)

test: dev-deps
	scripts/system-deps test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --settings=tests.settings
	$(PY) manage.py makemigrations --check --dry-run --settings=tests.settings

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
