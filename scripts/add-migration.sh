#!/usr/bin/env bash
# Adds a migration with the same name to every database provider, then checks both match the model.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name="${1:?Usage: scripts/add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/Allyward.Migrations.$provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
echo "Added migration $name for SQLite and PostgreSQL."
