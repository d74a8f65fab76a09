#!/usr/bin/env bash
# Black-box tests against the real server binary and the built SPA:
#   1. schemathesis: property-based tests of every operation in the served OpenAPI document;
#   2. clients generated from openapi/openapi.json (openapi-python-client; openapi-typescript with
#      openapi-fetch), used as generated, running an integration's scenario (clients/*/scenario.*);
#   3. the browser tests in e2e/ (headless Chromium through playwright-core).
# Each (and each browser test file) runs against a server of its own on a fresh SQLite database,
# stopped afterwards. With CRM_TEST_DATABASE_URL set (scripts/with-postgres.sh), the browser tests named
# in CRM_E2E_POSTGRES run once more, each against a server on a fresh PostgreSQL database.
set -euo pipefail

server=${CRM_SERVER_BIN:-target/debug/crm-server}
admin_password='Initial#2024'
work=$(mktemp -d /tmp/crm-e2e.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME [DATABASE_URL]: starts a server (on SQLite unless a database is given), sets $url
# to its address.
start_server() {
  local name=$1 database=${2:-} port
  port=$(free_port)
  mkdir -p "$work/$name"
  # The test clock lets browser tests move the reminders' time forward; the worker polls twice a second.
  env ${database:+"DATABASE_URL=$database"} CRM_MODE=dev CRM_BIND="127.0.0.1:$port" CRM_DATA_DIR="$work/$name" CRM_WEB_DIR=frontend/dist \
    CRM_TEST_CLOCK=true CRM_JOB_POLL_MS=500 CRM_ADMIN_USERNAME=admin CRM_ADMIN_PASSWORD="$admin_password" RUST_LOG=warn \
    "$server" serve >"$work/$name.log" 2>&1 &
  pids+=($!)
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS "$url/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "the $name server did not become ready:"; cat "$work/$name.log"; exit 1
}

# json_field FIELD: reads a JSON document on stdin and prints one top-level string field.
json_field() {
  python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"
}

echo "== schemathesis: every operation of the OpenAPI document"
start_server schemathesis
token=$(curl -fsS "$url/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" | json_field access_token)
token=$(curl -fsS "$url/api/v1/auth/password" -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d "{\"current_password\":\"$admin_password\",\"new_password\":\"Schema#2024pass\"}" | json_field access_token)
# The stateful phase is left out: it chains operations through links it infers from field names,
# and feeds values such as a saved view's empty `department_id` ("None") into another operation's
# integer path parameter, which the API rightly refuses with 400 — a failure that depends on what the
# earlier phases happened to create. Every operation is still tested on its own.
target/venv/bin/schemathesis run "$url/api/v1/openapi.json" \
  --phases examples,coverage,fuzzing \
  --checks all \
  --header "Authorization: Bearer $token" \
  --max-examples 50 \
  --seed 20261123 \
  --no-color

echo "== generated clients: Python and TypeScript, each against a server of its own"
scripts/clients.sh
start_server python-client
PYTHONPATH=target/clients/python "${CRM_CLIENTS_VENV:-target/clients-venv}/bin/python" clients/python/scenario.py \
  "$url" admin "$admin_password"
start_server typescript-client
node clients/typescript/dist/scenario.js "$url" admin "$admin_password"

echo "== browser tests (each file against a server of its own)"
files=()
for file in e2e/tests/*.test.mjs; do
  name=$(basename "$file" .test.mjs)
  start_server "browser-$name"
  files+=("$name=$url")
done
(
  cd e2e
  # One node test run, so that its summary counts every browser test; each file reads its own server.
  CRM_E2E_SERVERS="${files[*]}" CRM_E2E_ADMIN_PASSWORD="$admin_password" node --test --test-concurrency=1 tests/
)

# The working day of reps and managers once more on PostgreSQL.
if [ -n "${CRM_TEST_DATABASE_URL:-}" ] && [ -n "${CRM_E2E_POSTGRES:-}" ]; then
  echo "== browser tests on PostgreSQL: $CRM_E2E_POSTGRES"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  files=()
  tests=()
  for name in $CRM_E2E_POSTGRES; do
    database="crm_e2e_${name//-/_}"
    "$pg_bin/psql" "$CRM_TEST_DATABASE_URL" -qc "CREATE DATABASE $database" >/dev/null
    start_server "postgres-$name" "${CRM_TEST_DATABASE_URL%/*}/$database"
    files+=("$name=$url")
    tests+=("tests/$name.test.mjs")
  done
  (
    cd e2e
    CRM_E2E_SERVERS="${files[*]}" CRM_E2E_ADMIN_PASSWORD="$admin_password" node --test --test-concurrency=1 "${tests[@]}"
  )
fi
