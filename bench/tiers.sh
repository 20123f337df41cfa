#!/usr/bin/env bash
# The tier evaluation benchmark (docs/BENCHMARKS.md, Programs "Speed"): builds in Release, starts a throwaway PostgreSQL
# with durable default settings, loads 5,000 partners of mixed types, 1,000,000 deals (4 in 10 won over the last 24
# months, about 15 % in EUR or GBP with monthly rates into USD) and 50,000 certificates into SQLite and into PostgreSQL,
# and measures the whole evaluation of a four-tier program (first: everyone joins; second: steady state) next to one
# plain SQL aggregate computing the same measures per partner, and one partner's scorecard (p50/p95 over 200 random
# partners) next to the plain SQL for that partner.
# Extra arguments go to the benchmark, e.g. bench/tiers.sh --only sqlite, or --partners 500 --deals 100000 --certificates 5000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/throwaway-postgres.sh
PG_HUGE_PAGES=on start_throwaway_postgres -c shared_buffers=512MB -c max_wal_size=4GB
dotnet build -c Release bench/Allyward.Bench -v quiet -nologo
dotnet bench/Allyward.Bench/bin/Release/net10.0/Allyward.Bench.dll --tiers --postgres "$PG_CONNECTION;Database=postgres" "$@"
