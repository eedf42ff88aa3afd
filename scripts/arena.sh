#!/usr/bin/env bash
# Entry point of `npm run arena`: installs dependencies when they are missing or
# stale, then hands over to scripts/arena.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[arena] Installing dependencies (npm ci) …"
  npm ci --no-audit --no-fund
fi
exec node_modules/.bin/tsx --conditions=react-server scripts/arena.ts "$@"
