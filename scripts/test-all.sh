#!/usr/bin/env bash
# `npm test`: lint, types, unit tests, database tests, then a production build and
# the Playwright suite. Needs only Node.js: PostgreSQL is TEST_DATABASE_URL /
# E2E_DATABASE_URL, else whatever answers at 127.0.0.1:$ARENA_TEST_PG_PORT (5432),
# else a throwaway embedded one (scripts/with-test-db.ts); the browser is
# /usr/bin/chromium, PLAYWRIGHT_CHROMIUM or Playwright's own (scripts/ensure-browser.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
if [ "${1:-}" != "--with-db" ]; then
  step "browser";           node --import tsx scripts/ensure-browser.ts
  step "lint (biome)";      npx biome check .
  step "dead code (knip)";  npx knip --no-progress
  step "typecheck (tsc)";   npx tsc --noEmit
  step "unit tests";        npx vitest run --project unit
  step "database";          exec node --import tsx scripts/with-test-db.ts -- bash "$0" --with-db
fi
step "database tests";    npx vitest run --project db
step "build";             ARENA_SECRET=build-time-placeholder-secret DATABASE_URL=postgresql://127.0.0.1:5432/unused npm run build
step "end-to-end tests";  npx playwright test
