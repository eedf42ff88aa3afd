# syntax=docker/dockerfile:1
# Pairwise Arena: a small production image (Next.js standalone output, non-root).
# Build:  docker build -t pairwise-arena .
# Run:    see docker-compose.yml and docs/deploy.md.

# ---- deps: the full dependency tree (build tools, Prisma generator, tsx for one-off tasks)
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

# ---- build: next build with standalone output, the ratings worker, and the migrator bundle
FROM deps AS build
WORKDIR /app
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
# Placeholders: the build imports server modules, it never connects with them.
RUN ARENA_SECRET=build-time-placeholder-secret DATABASE_URL=postgresql://build@127.0.0.1:5432/unused \
    npm run build \
 && npx esbuild scripts/migrate.ts --bundle --platform=node --format=esm --target=node20 \
      --alias:@=. --external:pg-native --external:embedded-postgres \
      --banner:js="import{createRequire}from'module';const require=createRequire(import.meta.url);" \
      --outfile=lib/db/migrate-cli.mjs

# ---- tools: `docker compose run --rm tools npm run db:seed` and the other CLIs
FROM build AS tools
USER node
CMD ["npm", "run", "db:deploy"]

# ---- runtime: only what `node server.js` needs
FROM node:20.20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/.next/ratings-worker.mjs ./.next/ratings-worker.mjs
COPY --from=build --chown=node:node /app/public ./public
# The page cache handler is loaded by path at start-up (next.config.ts cacheHandler).
COPY --from=build --chown=node:node /app/lib/cache/route-cache-handler.mjs ./lib/cache/route-cache-handler.mjs
# Migrations run at every start (an advisory lock makes concurrent starts safe); the
# migrator finds them at ../../prisma/migrations from its own folder.
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=node:node /app/lib/db/migrate-cli.mjs ./lib/db/migrate-cli.mjs
# Preloaded into the server: each request's TCP peer, and the fast deal/vote routes.
COPY --from=build --chown=node:node /app/scripts/server-preload.cjs ./scripts/server-preload.cjs
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node is PID 1's only child, so SIGTERM reaches the app's graceful shutdown.
CMD ["sh", "-c", "node lib/db/migrate-cli.mjs && exec node --max-old-space-size=1024 --max-semi-space-size=32 --require ./scripts/server-preload.cjs server.js"]
