# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := peerreview/static/app.css peerreview/static/govuk/govuk-frontend.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install assets db seed clean

run: install assets db seed
	@echo ""
	@echo "peerreview is starting at http://$(HOST):$(PORT)"
	$(BIN)/flask --app peerreview run --host $(HOST) --port $(PORT)

# Two workers (pytest-xdist), one test file each at a time: CI has two cores. TEST_WORKERS=0
# runs everything in one process.
TEST_WORKERS ?= 2

test: install assets
	$(BIN)/ruff check .
	$(BIN)/pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

assets: $(ASSETS)

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund
	touch node_modules/.package-lock.json

peerreview/static/app.css: assets/app.scss node_modules/.package-lock.json
	npm run --silent build

peerreview/static/govuk/govuk-frontend.min.js: node_modules/.package-lock.json
	mkdir -p peerreview/static/govuk/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js peerreview/static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images node_modules/govuk-frontend/dist/govuk/assets/manifest.json peerreview/static/govuk/assets/

db: install
	$(BIN)/flask --app peerreview db upgrade

seed: install
	$(BIN)/peerreview seed

clean:
	rm -rf $(VENV) node_modules peerreview/static/app.css peerreview/static/govuk
