#!/usr/bin/env bash
# Fault injection: two Allyward nodes on one throwaway PostgreSQL, a webhook receiver and an SMTP sink counting by id,
# and a load generator over both nodes, while nodes are killed (SIGKILL), stopped (SIGTERM) and the database restarted.
# Exits non-zero when a side effect is lost or done twice, or a request gets a 5xx other than 503. See docs/RELIABILITY.md.
#
# Usage: bench/chaos.sh [--short] [--no-build] [--report FILE]
#   --short     about a minute (the test command runs this); without it, two minutes of kills and 2,000-odd expiries
#   --no-build  use the Debug build already there (the test command has just built it)
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) args+=("$arg") ;;
  esac
done

if [ "$build" -eq 1 ]; then
  dotnet build src/Allyward.Web -v q -nologo >/dev/null
  dotnet build bench/Allyward.Chaos -v q -nologo >/dev/null
fi

source scripts/throwaway-postgres.sh
start_throwaway_postgres -F -c shared_buffers=128MB

work=$(mktemp -d /tmp/allyward-chaos.XXXXXX)
# pg_ctl restart keeps the options the server was started with; as root it runs as the postgres account.
cat > "$work/restart-database.sh" <<SCRIPT
#!/bin/sh
if [ "\$(id -u)" -eq 0 ]; then
  exec su postgres -s /bin/sh -c '$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/server.log -m fast -w restart >/dev/null'
else
  exec $pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/server.log -m fast -w restart >/dev/null
fi
SCRIPT
chmod +x "$work/restart-database.sh"

status=0
dotnet bench/Allyward.Chaos/bin/Debug/net10.0/Allyward.Chaos.dll \
  --web "$PWD/src/Allyward.Web/bin/Debug/net10.0/Allyward.Web.dll" \
  --connection "$PG_CONNECTION" \
  --restart-database "$work/restart-database.sh" \
  --work "$work" "${args[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "The fault-injection run failed; node logs are in $work (kept)."
  exit "$status"
fi
rm -rf "$work"
