# Everything bootstraps itself: the first target that needs the virtualenv creates it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SIZE   ?= medium
SEED   ?= 1
# HTTPS_PORT=8443 also serves the mock over HTTPS on that port (README: HTTPS).
HTTPS_PORT ?=
# Root installs packages directly; anyone else through sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test lint bench clean chromium postgresql

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/vidmock serve --host $(HOST) --port $(PORT) --size $(SIZE) --seed $(SEED) \
		$(if $(HTTPS_PORT),--https-port $(HTTPS_PORT))

test: $(STAMP) chromium postgresql
	$(BIN)/pytest -n auto

# tests/test_swagger_ui_browser.py drives Debian's chromium through chromium-driver.
chromium:
	@test -x /usr/bin/chromium && test -x /usr/bin/chromedriver || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			chromium chromium-driver; }

# The PostgreSQL runs of the API tests start throwaway servers from Debian's server binaries
# (tests/postgres_server.py); the package also creates the `postgres` user they run as under root.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/workers.py

clean:
	rm -rf $(VENV) .hypothesis .pytest_cache .ruff_cache bench/.node bench/results test-artifacts
