#!/usr/bin/env bash
# Generates the Python and TypeScript clients from openapi/openapi.json with the public generators, as
# an integrator would, and checks that they build: the Python package imports, the TypeScript one
# compiles under `tsc --strict` together with its scenario. Run by scripts/e2e.sh before the
# scenarios run against a server; nothing generated is edited or committed.
set -euo pipefail

venv=${CRM_CLIENTS_VENV:-target/clients-venv}
out=target/clients

rm -rf "$out/python" clients/typescript/generated clients/typescript/dist
mkdir -p "$out/python"
"$venv/bin/openapi-python-client" generate --path openapi/openapi.json --config clients/python/config.yml \
  --meta none --output-path "$out/python/crm_api_client" >"$out/python-generate.log" 2>&1 \
  || { cat "$out/python-generate.log"; exit 1; }
PYTHONPATH="$out/python" "$venv/bin/python" -c 'import crm_api_client.api.customers.update_customer'
(
  cd clients/typescript
  node_modules/.bin/openapi-typescript ../../openapi/openapi.json -o generated/schema.d.ts >/dev/null
  node_modules/.bin/tsc -p .
)
operations=$(find "$out/python/crm_api_client/api" -name '*.py' ! -name '__init__.py' | wc -l)
echo "generated clients: Python ($operations operations), TypeScript (compiled with tsc --strict)"
