# Phalang: `make demo` and `make test` on a machine with only Python >= 3.11, pip, git and make.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(CURDIR)/.tools/bin/uv
endif

.PHONY: demo test lint typecheck bootstrap clean messages

$(CURDIR)/.tools/bin/uv:
	@echo "Installing uv into .tools/ (pip, isolated from the system Python)"
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

# Byte-compile our own sources too (incremental: ~0.05 s when nothing changed). uv, unlike pip,
# does not compile on install, and where PYTHONDONTWRITEBYTECODE is set every process would
# otherwise compile ~800 modules again: `phalang check` took 1.5 s instead of 0.7 s.
bootstrap: .venv/.synced
	@.venv/bin/python -m compileall -q -j 0 phalang >/dev/null

demo: bootstrap
	PHALANG_DEMO=1 PORT=$(PORT) .venv/bin/phalang demo --port $(PORT)

# PYTHONDONTWRITEBYTECODE is cleared for the tests: pytest then keeps each test module as it
# rewrote it for assertions (__pycache__, ignored by git), ~6 s of every worker's start on a
# second run (the PostgreSQL half of CI, a developer's next run) instead of rewriting ~340 modules.
test: bootstrap
	PYTHONDONTWRITEBYTECODE= PHALANG_DATA_DIR=$(CURDIR)/var/test PHALANG_STATIC_STORAGE=plain \
	  .venv/bin/pytest -n $${PHALANG_TEST_WORKERS:-2} $(PYTEST_ARGS)

lint: bootstrap
	.venv/bin/ruff check phalang tests bench tools

typecheck: bootstrap
	.venv/bin/mypy phalang

messages: bootstrap
	cd phalang && ../.venv/bin/phalang makemessages -l th --no-obsolete -i "engines/*"
	.venv/bin/python tools/translate_th.py

clean:
	rm -rf .venv .tools var/test
