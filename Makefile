# The two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run
MAKEFLAGS += --no-print-directory

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
DIST := frontend/dist
WASM := $(TARGET_DIR)/wasm32-unknown-unknown/wasm-release/crm-frontend.wasm
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
VENV := target/venv
SCHEMATHESIS_VERSION := 4.32.5
CLIENTS_VENV := target/clients-venv
OPENAPI_PYTHON_CLIENT_VERSION := 0.29.1

.PHONY: run test tools test-tools web server-release check-format lint wasm-purity test-sqlite test-postgres \
        e2e openapi clean-data bench bench-import

## make run: build the SPA and the server (release), then serve both on http://127.0.0.1:8080 over SQLite.
## In dev mode (the default) an empty database first gets the demo company (crm-server seed-demo).
run: tools web server-release
	@if [ "$${CRM_MODE:-dev}" = dev ]; then CRM_MODE=dev $(TARGET_DIR)/release/crm-server seed-demo --if-empty; fi
	CRM_MODE=$${CRM_MODE:-dev} CRM_WEB_DIR=$${CRM_WEB_DIR:-$(DIST)} $(TARGET_DIR)/release/crm-server serve

## make test: formatting, lints, the suites on SQLite and PostgreSQL, OpenAPI drift, wasm build, browser tests.
test: test-tools check-format lint wasm-purity test-sqlite test-postgres web e2e
	@echo "make test: all checks passed"

# --- installing what is missing -------------------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if ! wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)"; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (the version in Cargo.lock)"; \
		$(CARGO) install wasm-bindgen-cli --version "$(WASM_BINDGEN_VERSION)"; \
	fi
	@[ -x frontend/node_modules/binaryen/bin/wasm-opt ] || (cd frontend && npm ci --no-audit --no-fund)

test-tools: tools
	@command -v cargo-nextest >/dev/null || $(CARGO) install cargo-nextest --locked
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
	@scripts/install-system-packages.sh
	@[ -d e2e/node_modules/playwright-core ] && [ -d e2e/node_modules/axe-core ] || (cd e2e && npm ci --no-audit --no-fund)
	@[ -x $(VENV)/bin/schemathesis ] || (python3 -m venv $(VENV) && $(VENV)/bin/pip install --quiet "schemathesis==$(SCHEMATHESIS_VERSION)")
	@[ -x $(CLIENTS_VENV)/bin/openapi-python-client ] || (python3 -m venv $(CLIENTS_VENV) && \
		$(CLIENTS_VENV)/bin/pip install --quiet "openapi-python-client==$(OPENAPI_PYTHON_CLIENT_VERSION)")
	@[ -d clients/typescript/node_modules/openapi-fetch ] || (cd clients/typescript && npm ci --no-audit --no-fund)

# --- building -------------------------------------------------------------------------------------

web: tools
	$(CARGO) build -p crm-frontend --target wasm32-unknown-unknown --profile wasm-release
	rm -rf $(DIST) && mkdir -p $(DIST)
	wasm-bindgen --target web --no-typescript --out-dir $(DIST) --out-name crm $(WASM)
	cp frontend/index.html frontend/boot.js frontend/style.css $(DIST)/
	node frontend/bundle.mjs $(DIST)

server-release:
	$(CARGO) build --release -p crm-server

# --- checks ---------------------------------------------------------------------------------------

check-format:
	$(CARGO) fmt --all --check

lint:
	$(CARGO) clippy --workspace --exclude crm-frontend --all-targets -- -D warnings
	$(CARGO) clippy -p crm-frontend --target wasm32-unknown-unknown -- -D warnings

# The shared crates must build for the browser and stay free of server frameworks.
wasm-purity:
	$(CARGO) check -p crm-types -p crm-domain --target wasm32-unknown-unknown
	@if $(CARGO) tree -p crm-types -p crm-domain --target wasm32-unknown-unknown -e normal --prefix none \
		| grep -E '^(sea-orm|sea-query|sqlx|actix)' ; then \
		echo "crm-types or crm-domain depends on a server framework (above)"; exit 1; fi

test-sqlite:
	$(CARGO) nextest run --workspace --exclude crm-frontend

test-postgres:
	scripts/with-postgres.sh $(CARGO) nextest run -p crm-server --test api

# The rep's and the manager's working day, and the customer record and list, run a second time on PostgreSQL.
E2E_POSTGRES = customers customers_list customers_record followups demands reminders

e2e:
	$(CARGO) build -p crm-server
	CRM_SERVER_BIN=$(TARGET_DIR)/debug/crm-server CRM_E2E_POSTGRES="$(E2E_POSTGRES)" scripts/with-postgres.sh scripts/e2e.sh

## make openapi: rewrite openapi/openapi.json from the code.
openapi:
	$(CARGO) run -q -p crm-server -- openapi > openapi/openapi.json

clean-data:
	rm -rf data

## make bench: load 1,000,000 customers (BENCH_CUSTOMERS) and load-test the API on SQLite, then on a
## throwaway PostgreSQL cluster with durable settings; results go in PERFORMANCE.md by hand.
bench:
	$(CARGO) build --release -p crm-server -p crm-bench
	benches/run.sh sqlite
	CRM_PG_DURABLE=1 scripts/with-postgres.sh benches/run.sh postgres

## make bench-import: import a generated 1,000,000-row GBK CSV (BENCH_ROWS) and export it, on SQLite,
## then on a throwaway PostgreSQL with durable settings; figures in PERFORMANCE.md.
bench-import:
	$(CARGO) build --release -p crm-server -p crm-bench
	benches/import.sh sqlite
	CRM_PG_DURABLE=1 scripts/with-postgres.sh benches/import.sh postgres
