# Fazhi — `make demo` runs the embedded demo, `make test` the whole suite, `make lint` the checks.
#
# Everything lives in .venv (created with python3.11). pip runs only when pyproject.toml is newer than
# the stamp file it leaves behind, so a second `make demo` or `make test` starts at once.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RUN_STAMP := $(VENV)/.fazhi-installed
TEST_STAMP := $(VENV)/.fazhi-installed-test
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in this many processes (pytest-xdist; each its own test database); 0 runs it in one.
PYTEST_WORKERS ?= 2

# The demo runs on SQLite under var/ with the demo settings (manage.py's default).
DEMO_ENV := DJANGO_SETTINGS_MODULE=fazhi.settings.demo
# Each module's demo loader is a command named load_<module>_demo; they run after the core's
# load_demo, in alphabetical order. Every loader is idempotent and refuses production settings.
DEMO_LOADERS = $(DEMO_ENV) $(PY) manage.py help --commands | grep -E '^load_[a-z_]+_demo$$' | sort

.PHONY: help demo demo-data serve test lint clean-demo

help:
	@echo "make demo   建库、加载演示数据并在 http://$(HOST):$(PORT)/ 启动（含后台任务进程）"
	@echo "make test   运行全部测试（默认 SQLite；设置 DATABASE_URL 则在 PostgreSQL 上运行）"
	@echo "make lint   ruff 检查 + 分层约束（import-linter）+ 迁移文件是否齐全"
	@echo "make clean-demo  删除演示数据库和收集的静态文件（var/）"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PIP) install --disable-pip-version-check -q -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --disable-pip-version-check -q -e ".[test]"
	@touch $@ $(RUN_STAMP)

# ---------------------------------------------------------------- demo

demo-data: $(RUN_STAMP)
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py calendar_seed
	$(DEMO_ENV) $(PY) manage.py setup_schedules
	$(DEMO_ENV) $(PY) manage.py load_demo
	@for cmd in $$($(DEMO_LOADERS)); do \
		echo "$(DEMO_ENV) $(PY) manage.py $$cmd"; \
		$(DEMO_ENV) $(PY) manage.py $$cmd || exit $$?; \
	done
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v 0

# The web server (gunicorn, static files by whitenoise) runs in the foreground; the django-q worker
# runs in the background and is stopped by the trap when the server stops (Ctrl-C or a signal).
# The worker gets a session of its own (setsid) so that it receives exactly one SIGTERM, from the
# trap: a second signal while it is shutting down can deadlock django-q's signal handler. The trap
# signals the worker's whole process group (cluster, sentinel, workers, pusher, monitor) and kills
# what is left after 5 seconds; a worker whose cluster dies exits by itself (core/worker_guard.py).
serve: $(RUN_STAMP)
	@echo
	@echo "法治平台演示环境：http://$(HOST):$(PORT)/    (Ctrl-C 停止)"
	@$(DEMO_ENV) $(PY) manage.py demo_accounts
	@echo
	@export $(DEMO_ENV); \
	setsid $(PY) manage.py qcluster & qpid=$$!; \
	stop() { kill -TERM -- -$$qpid 2>/dev/null || return 0; \
		for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- -$$qpid 2>/dev/null || return 0; sleep 0.5; done; \
		kill -KILL -- -$$qpid 2>/dev/null; wait $$qpid 2>/dev/null; return 0; }; \
	trap 'stop; exit 130' INT; trap 'stop; exit 143' TERM; trap stop EXIT; \
	$(VENV)/bin/gunicorn fazhi.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --error-logfile - --log-level warning

demo: demo-data
	@$(MAKE) --no-print-directory serve

clean-demo:
	rm -rf var/fazhi.sqlite3 var/fazhi.sqlite3-wal var/fazhi.sqlite3-shm var/static

# ---------------------------------------------------------------- checks

# Exit code 5 (no tests collected) is a failure like any other non-zero code.
test: $(TEST_STAMP)
	@start=$$(date +%s); rc=0; \
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest 没有运行任何测试（退出码 5），视为失败。"; fi; \
	db="$${DATABASE_URL:-sqlite}"; \
	echo "用时 $$(( $$(date +%s) - start )) 秒（elapsed, database: $${db%%:*}）"; \
	exit $$rc

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=fazhi.settings.test $(PY) manage.py makemigrations --check --dry-run

# ---------------------------------------------------------------- bench

# A synthetic prefecture on PostgreSQL (created and filled through COPY on the first run, reused after);
# writes bench/RESULTS.md. BENCH_DOCUMENTS sets the size (default 200000; 5000 runs in a minute or two).
BENCH_DOCUMENTS ?= 200000
BENCH_DB ?= fazhi_bench_$(BENCH_DOCUMENTS)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)

.PHONY: bench
bench: $(TEST_STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_DOCUMENTS=$(BENCH_DOCUMENTS) $(PY) bench/prefecture.py

# 行政执法 at province scale (88 counties; BENCH_CASES, default 100000; 1000000 for the large run);
# appends to bench/RESULTS.md.
BENCH_CASES ?= 100000

.PHONY: bench-enforcement
bench-enforcement: $(TEST_STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_enf_$(BENCH_CASES) BENCH_CASES=$(BENCH_CASES) \
		$(PY) bench/enforcement.py

# The staff 人民调解 case list vs a bare view of its scoped query (BENCH_MEDIATIONS, default 200000); prints only.
BENCH_MEDIATIONS ?= 200000

.PHONY: bench-disputes
bench-disputes: $(TEST_STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_disputes BENCH_MEDIATIONS=$(BENCH_MEDIATIONS) \
		$(PY) bench/disputes.py

# 督促问效 at province scale: the monthly run vs hand-written SQL and the snapshot pages, on the enforcement
# bench database (built first if needed); appends to bench/RESULTS.md.
# Audit appends per second with BENCH_WRITERS concurrent writers (default 8): one chain against several.
.PHONY: bench-audit
bench-audit: $(TEST_STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_audit $(PY) bench/audit.py

.PHONY: bench-supervision
bench-supervision: $(TEST_STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_enf_$(BENCH_CASES) BENCH_CASES=$(BENCH_CASES) \
		$(PY) bench/supervision.py
