# SPP — run `make help` for the list of targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: help install demo demo-code serve migrate seed test test-dates test-fast lint format check-deploy bench bench-growth bench-writes bench-export load prod worker backup restore clean messages

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP) ## Create .venv and install SPP with its development tools

migrate: install ## Apply database migrations (SQLite under var/ unless DATABASE_URL is set)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent)
	$(BIN)/python manage.py seed_demo

demo: seed ## Set up everything and serve the demo on http://127.0.0.1:$(PORT), with its task worker and scheduler
	PORT=$(PORT) $(BIN)/python manage.py demo_accounts
	PORT=$(PORT) PYTHON=$(BIN)/python scripts/demo.sh

demo-code: install ## The demo staff accounts' current second-factor code (no authenticator app needed)
	@$(BIN)/python manage.py demo_code

test: install ## Run every test: unit, PostgreSQL-backed when DATABASE_URL is set, browser
	scripts/ensure_chromium.sh
	$(BIN)/ruff check spp config bench conftest.py
	@mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run
	SPP_ENV=test $(BIN)/python -m pytest -q $(PYTEST_ARGS)
	@echo "--- the same suite again with Django's DummyCache: no page depends on the cache ---"
	SPP_ENV=test SPP_DUMMY_CACHE=1 $(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-dates: install ## Every test but the browser and process-starting ones, with the clock at month ends, 29 February and DST changes (libfaketime)
	PYTHON=$(BIN)/python scripts/test_dates.sh $(PYTEST_ARGS)

test-fast: install ## Every test except the browser ones
	SPP_ENV=test $(BIN)/python -m pytest -q -m "not browser" $(PYTEST_ARGS)

lint: install ## Check style with ruff
	$(BIN)/ruff check spp config bench conftest.py

format: install ## Format with ruff
	$(BIN)/ruff format spp config bench

check-deploy: install ## Run Django's deployment checks with a production-like environment
	SPP_ENV=prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=spp.example.fr \
	  SPP_FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} $(BIN)/python manage.py check --deploy --fail-level WARNING

SCALE ?= small
ONLY ?=
bench: install ## Benchmark every app against the floor (SCALE=small|full, ONLY=app) → bench/results/latest.json
	SCALE=$(SCALE) ONLY=$(ONLY) $(BIN)/python -m bench.run $(BENCH_ARGS)

DURATION_S ?= 120
bench-growth: install ## Growth of each read from SCALE_FROM (hundredth: 1/100th) to SCALE_TO (full), interleaved
	ONLY=$(ONLY) $(BIN)/python -m bench.growth --from $(or $(SCALE_FROM),hundredth) --to $(or $(SCALE_TO),full)

bench-export: install ## SEPA export of 1,000, 10,000 and 30,000 claims: time and peak memory → bench/results/expenses_export.jsonl
	$(BIN)/python -m bench.expenses_export $(BENCH_ARGS)

bench-writes: install ## Sustained writes: Open311 reports for DURATION_S seconds (default 120), then counted in the database
	SCALE=$(SCALE) $(BIN)/python -m bench.writes --duration $(DURATION_S)

PROD_PORT ?= 8150
USERS ?= 200
DURATION ?= 60s
load: install ## Mixed citizens/agents load with locust on 127.0.0.1 (USERS=200 DURATION=60s)
	SCALE=$(SCALE) $(BIN)/python -m bench.load --users $(USERS) --duration $(DURATION)

prod: install ## Run like production here: gunicorn + PostgreSQL + Redis + workers (PROD_PORT=8150)
	PORT=$(PROD_PORT) PYTHON=$(BIN)/python scripts/prod.sh

worker: install ## Run the task workers (RQ when REDIS_URL is set, plus the database queue) and the scheduler
	PYTHON=$(BIN)/python scripts/worker.sh

backup: ## Back up PostgreSQL (pg_dump -Fc) and the media files into var/backups (DATABASE_URL)
	scripts/backup.sh

restore: ## Restore the latest backup (or BACKUP=prefix) into a fresh RESTORE_DATABASE_URL
	scripts/restore.sh

# Strings come from spp/ and config/ (.py, .html, .txt); .venv and other dot-folders are
# skipped by Django's defaults. No script uses gettext, so there is no djangojs catalogue.
MAKEMESSAGES_ARGS := --all --no-obsolete --ignore=var --ignore=bench --ignore=tests
messages: install ## Update locale/*/django.po with new strings, then compile the .mo (needs gettext)
	$(BIN)/python manage.py makemessages $(MAKEMESSAGES_ARGS)
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean: ## Remove the virtualenv and the local data
	rm -rf $(VENV) var
