# dxpilot — two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
MANAGE := $(PY) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= small

.PHONY: run test setup env migrate demo lint typecheck test-sqlite test-postgres test-browser bench lock messages clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (set PYTHON=...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

# A local .env with freshly generated secrets, made once (never committed).
.env:
	@$(PYTHON) -c "import secrets, base64, os; \
print('DXPILOT_DEBUG=true'); \
print('DXPILOT_SECRET_KEY=' + secrets.token_urlsafe(50)); \
print('DXPILOT_FIELD_KEYS=' + base64.urlsafe_b64encode(os.urandom(32)).decode())" > .env
	@echo "Created .env with new secrets (development mode)."

env: .env

migrate: setup env
	$(MANAGE) migrate --no-input -v0

# The Hefei programme (idempotent) and, only when the database has no enterprises yet, the demo world.
demo: migrate
	$(MANAGE) load_program programs/hefei.yaml
	$(MANAGE) demo_data --scale $(SCALE) --if-empty

run: demo
	@$(MANAGE) demo_data --if-empty --print-logins | tail -n +2
	@printf '\nOpen http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)\n\n'
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' & \
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	DXPILOT_DEBUG=true $(BIN)/mypy dxpilot

# The whole suite: lint, types, SQLite, PostgreSQL and browser passes (scripts/test.sh says
# loudly when it must skip PostgreSQL or Chromium; CI=true turns a skip into a failure).
# Checks that load the settings run in development mode: a fresh clone has no secrets (.env).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DXPILOT_DEBUG=true $(BIN)/mypy dxpilot
	PYTHONPATH=. $(BIN)/lint-imports
	DXPILOT_DEBUG=true $(MANAGE) makemigrations --check --dry-run -v0
	PY=$(PY) bash scripts/test.sh

bench: setup
	PY=$(PY) bash scripts/bench.sh

# English catalogue: locale/en/LC_MESSAGES/django.po (translate new entries, then commit the .po and
# the compiled .mo so installations need no gettext tools). Chinese msgids are the source language.
MESSAGE_IGNORE := --ignore=.venv --ignore='tests/*' --ignore='benchmarks/*' --ignore='var/*' --ignore='node_modules/*'
# Extraction reads source only: development mode lets it run without secrets or a .env.
messages: setup
	DXPILOT_DEBUG=true $(MANAGE) makemessages -l en --no-obsolete -e html,py,txt $(MESSAGE_IGNORE)
	DXPILOT_DEBUG=true $(MANAGE) compilemessages -l en $(MESSAGE_IGNORE)
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po

lock: setup
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
