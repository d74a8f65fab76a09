# Sourced by the benchmark scripts: `setup ENGINE PREFIX` makes a fresh data directory ($dir, deleted on
# exit unless BENCH_KEEP=1), points the server at it and at the engine's database (PostgreSQL from
# scripts/with-postgres.sh), and sets $bin (the release binaries) and $url_args (for the bench tools).
setup() {
  local engine=$1 prefix=$2
  bin=${CARGO_TARGET_DIR:-target}/release
  dir=$(mktemp -d "/tmp/$prefix.XXXXXX")
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
}

# The machine, for the record.
machine() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
}
