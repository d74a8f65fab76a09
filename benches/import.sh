#!/usr/bin/env bash
# The import and export benchmark on one engine: the bench users (seed-bench --customers 0) in a fresh
# database, then crm-bench-import against a release server on 127.0.0.1: a generated GBK CSV imported
# (dry run, commit) and exported (CSV, XLSX). Usage: benches/import.sh sqlite|postgres (postgres under
# scripts/with-postgres.sh, which sets CRM_TEST_DATABASE_URL; `make bench-import` runs both).
#   BENCH_ROWS   data rows in the file (default 1000000)
#   BENCH_KEEP=1 keep the data directory (printed) instead of deleting it
set -euo pipefail

engine=${1:?usage: benches/import.sh sqlite|postgres}
rows=${BENCH_ROWS:-1000000}
# shellcheck source=benches/setup.sh
source "$(dirname "$0")/setup.sh"
setup "$engine" crm-bench-import

echo "== $engine: $rows rows; $(machine)"
"$bin/crm-server" seed-bench --customers 0 >/dev/null
"$bin/crm-bench-import" --server "$bin/crm-server" --data-dir "$dir" --rows "$rows" "${url_args[@]}"
