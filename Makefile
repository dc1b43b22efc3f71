# Everything bootstraps itself: the first target that needs the virtualenv creates it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SIZE   ?= medium
SEED   ?= 1
# HTTPS_PORT=8443 also serves the mock over HTTPS on that port (docs/https.md).
HTTPS_PORT ?=
# Root installs packages directly; anyone else through sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test lint bench clean chromium postgresql node docs screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/vidmock serve --host $(HOST) --port $(PORT) --size $(SIZE) --seed $(SEED) \
		$(if $(HTTPS_PORT),--https-port $(HTTPS_PORT))

test: $(STAMP) chromium postgresql node
	$(BIN)/pytest -n auto

# tests/test_swagger_ui_browser.py drives Debian's chromium through chromium-driver.
chromium:
	@test -x /usr/bin/chromium && test -x /usr/bin/chromedriver || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			chromium chromium-driver; }

# npm packages the browser and Node.js tests load (tests/js/package.json, pinned by its
# package-lock.json), installed into the ignored .cache/node, never from a CDN: api.video's browser
# uploader (tests/test_apivideo_uploader_browser.py), its player SDK (tests/test_apivideo_player_*_browser.py,
# tests/test_apivideo_example_frontend_browser.py), hls.js (tests/test_apivideo_hls_browser.py)
# and api.video's Node.js client (tests/test_apivideo_node_client.py).
NODE_DIR := .cache/node
node: $(NODE_DIR)/.installed

$(NODE_DIR)/.installed: tests/js/package.json tests/js/package-lock.json
	@command -v npm >/dev/null || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; }
	mkdir -p $(NODE_DIR)
	cp tests/js/package.json tests/js/package-lock.json $(NODE_DIR)/
	cd $(NODE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The PostgreSQL runs of the API tests start throwaway servers from Debian's server binaries
# (tests/postgres_server.py); the package also creates the `postgres` user they run as under root.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; }

# The documentation site, from docs/ into site/ (mkdocs.yml). --strict: a broken link, anchor or
# nav entry fails the build; tests/test_docs_site.py builds it the same way under `make test`.
# `.venv/bin/mkdocs serve` serves it with live reload on http://127.0.0.1:8001.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The dashboard's pictures in the docs (docs/images/dashboard-*.png, chart-*.png), taken again in
# headless Chromium against a mock built for them (tools/docs/screenshots.py); commit the PNGs.
screenshots: $(STAMP) chromium
	$(BIN)/python tools/docs/screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What each script measures: docs/benchmarks.md. BENCH_ARGS go to bench/run.py (the comparison with
# Prism and json-server, cold starts and the targets' summary), e.g. BENCH_ARGS="--seconds 2 --starts 5".
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/workers.py
	$(BIN)/python bench/tenants.py

clean:
	rm -rf $(VENV) site .cache .hypothesis .pytest_cache .ruff_cache bench/.node bench/results test-artifacts
