#!/usr/bin/env bash
# The load benchmark on one engine: seed-bench into a fresh database, then crm-bench against a release
# server on 127.0.0.1. Usage: benches/run.sh sqlite|postgres (postgres under scripts/with-postgres.sh,
# which sets CRM_TEST_DATABASE_URL; `make bench` runs both). Everything stops by itself.
#   BENCH_CUSTOMERS  customers to load (default 1000000)
#   BENCH_ARGS       extra crm-bench arguments, e.g. "--only list,page --duration 30"
#   BENCH_KEEP=1     keep the data directory (printed) instead of deleting it
set -euo pipefail

engine=${1:?usage: benches/run.sh sqlite|postgres}
customers=${BENCH_CUSTOMERS:-1000000}
bin=${CARGO_TARGET_DIR:-target}/release
dir=$(mktemp -d /tmp/crm-bench.XXXXXX)
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

echo "== $engine: $customers customers; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before seeding: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/crm-server" seed-bench --customers "$customers"
echo "load average after seeding: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$engine" = sqlite ]; then
  echo "database size: $(du -sh "$dir" | cut -f1)"
else
  echo "database size: $(psql "$DATABASE_URL" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
fi
# shellcheck disable=SC2086
"$bin/crm-bench" --server "$bin/crm-server" --data-dir "$dir" "${url_args[@]}" ${BENCH_ARGS:-}
