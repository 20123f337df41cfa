#!/usr/bin/env bash
# The learning reports benchmark (docs/BENCHMARKS.md, issue 18 "Speed"): builds in Release, starts a throwaway PostgreSQL
# with durable default settings, loads 5,000 partners, 50,000 learners, 500,000 enrollments, about 2,000,000
# lesson-progress records, quiz attempts and certificates into SQLite and into PostgreSQL, and measures the vendor's
# course report and a partner admin's team view through the HTTP API next to the same numbers computed by one plain SQL
# aggregate (the course report for the busiest course, and for every course as context). About 15 minutes on 2 cores.
# Extra arguments go to the benchmark, e.g. bench/learning.sh --learners 5000 --partners 500 --seconds 5 --out /tmp/learning.md
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/throwaway-postgres.sh
PG_HUGE_PAGES=on start_throwaway_postgres -c shared_buffers=512MB -c max_wal_size=4GB
dotnet build -c Release bench/Allyward.Bench -v quiet -nologo
dotnet bench/Allyward.Bench/bin/Release/net10.0/Allyward.Bench.dll --learning --postgres "$PG_CONNECTION;Database=postgres" "$@"
