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
bin=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d /tmp/crm-bench-import.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "data directory: $dir"; else trap 'rm -rf "$dir"' EXIT; fi

export CRM_MODE=dev CRM_DATA_DIR="$dir" CRM_LOG_FORMAT=json
export CRM_BENCH_PASSWORD='Bench#2026load'
case "$engine" in
  sqlite) unset DATABASE_URL; url_args=() ;;
  postgres)
    export DATABASE_URL=${CRM_TEST_DATABASE_URL:?run under scripts/with-postgres.sh}
    url_args=(--database-url "$DATABASE_URL") ;;
  *) echo "unknown engine $engine" >&2; exit 2 ;;
esac

echo "== $engine: $rows rows; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$bin/crm-server" seed-bench --customers 0 >/dev/null
"$bin/crm-bench-import" --server "$bin/crm-server" --data-dir "$dir" --rows "$rows" "${url_args[@]}"
