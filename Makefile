# Everything bootstraps itself: the first target that needs the virtualenv creates it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SIZE   ?= medium
SEED   ?= 1

.PHONY: serve test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/vidmock serve --host $(HOST) --port $(PORT) --size $(SIZE) --seed $(SEED)

test: $(STAMP)
	$(BIN)/pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .hypothesis .pytest_cache .ruff_cache bench/.node bench/results
