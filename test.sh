#!/usr/bin/env bash
# The test command: installs what the tests need (Chromium, the PostgreSQL server), starts a throwaway
# PostgreSQL on loopback, runs every test on SQLite and PostgreSQL, and exits non-zero on any failure.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Isolation".
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages: Chromium for the browser tests, PostgreSQL for the second database provider.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 2. A throwaway PostgreSQL on 127.0.0.1 and a free port, removed when the tests end.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/allyward-pg.XXXXXX)
port=$(for p in $(seq 54330 54400); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
run_pg() {
  # PostgreSQL refuses to run as root; use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
cleanup() { run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $pg_dir -F -c max_connections=300 -c shared_buffers=128MB" start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') is running on 127.0.0.1:$port"

export ALLYWARD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=unused"
export ALLYWARD_TEST_CHROMIUM="$(command -v chromium)"

# 3. Every test, with a closing line that counts what passed and failed.
results=$(mktemp -d)
status=0
dotnet test Allyward.slnx --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?
passed=$(grep -ho 'passed="[0-9]*"' "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}')
failed=$(grep -ho 'failed="[0-9]*"' "$results"/*.trx 2>/dev/null | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}')
rm -rf "$results"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then echo "No test ran."; exit 1; fi
exit "$status"
