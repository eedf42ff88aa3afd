#!/usr/bin/env bash
# `npm test`: lint, types, unit tests, database tests, then a production build and
# the Playwright suite. Needs PostgreSQL at 127.0.0.1:5432 (or TEST_DATABASE_URL /
# E2E_DATABASE_URL) and Chromium (/usr/bin/chromium or PLAYWRIGHT_CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
step "lint (biome)";      npx biome check .
step "typecheck (tsc)";   npx tsc --noEmit
step "unit tests";        npx vitest run --project unit
step "database tests";    npx vitest run --project db
step "build";             ARENA_SECRET=build-time-placeholder-secret DATABASE_URL=postgresql://127.0.0.1:5432/unused npm run build
step "end-to-end tests";  npx playwright test
