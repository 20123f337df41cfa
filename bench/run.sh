#!/usr/bin/env bash
# The deal registration benchmark (docs/BENCHMARKS.md): builds in Release, starts a throwaway PostgreSQL with
# durable default settings, loads 1,000,000 registrations into SQLite and into PostgreSQL, and measures both
# through the HTTP API together with the pg_trgm and raw INSERT references. Takes about 20 minutes on 2 cores.
# Extra arguments go to the benchmark, e.g. bench/run.sh --deals 100000 --seconds 5 --out /tmp/results.md
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/throwaway-postgres.sh
PG_HUGE_PAGES=on start_throwaway_postgres -c shared_buffers=512MB -c max_wal_size=4GB
dotnet build -c Release bench/Allyward.Bench -v quiet -nologo
dotnet bench/Allyward.Bench/bin/Release/net10.0/Allyward.Bench.dll --postgres "$PG_CONNECTION;Database=postgres" "$@"
