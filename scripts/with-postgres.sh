#!/usr/bin/env bash
# Runs a command with CRM_TEST_DATABASE_URL pointing at a throwaway PostgreSQL cluster on 127.0.0.1,
# which is stopped and deleted afterwards, whatever the command's outcome.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/crm-pg.XXXXXX)

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"

stop() {
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability is pointless for a cluster that is deleted afterwards; speed is not. Benchmarks set
# CRM_PG_DURABLE=1 to measure with PostgreSQL's durable defaults (fsync, synchronous commit, full pages).
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${CRM_PG_DURABLE:-0}" = 1 ] && durability=""
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=400" \
  >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port${durability:+ (fsync off)}"

export CRM_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
