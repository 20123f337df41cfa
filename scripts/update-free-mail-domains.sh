#!/usr/bin/env bash
# Refreshes src/Allyward/Customers/free-mail-domains.txt from the maintained free-email-domains npm package.
# Usage: scripts/update-free-mail-domains.sh [version]   (default: the latest)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "free-email-domains@${1:-latest}" >/dev/null && tar xzf free-email-domains-*.tgz)
version=$(node -p "require('$work/package/package.json').version")
target=src/Allyward/Customers/free-mail-domains.txt
{
  echo "# Free-mail providers: an address at these domains says nothing about the company behind it."
  echo "# From the free-email-domains package (MIT, github.com/kikobeats/free-email-domains) version $version;"
  echo "# refresh with scripts/update-free-mail-domains.sh."
  node -e "for (const d of require('$work/package/domains.json')) console.log(d.trim().toLowerCase())" | grep -v '^$' | sort -u
} > "$target"
echo "Wrote $(grep -vc '^#' "$target") domains (free-email-domains $version) to $target"
