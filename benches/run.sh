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
# shellcheck source=benches/setup.sh
source "$(dirname "$0")/setup.sh"
setup "$engine" crm-bench

echo "== $engine: $customers customers; $(machine)"
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
