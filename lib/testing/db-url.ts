// The database tests own: created, dropped and re-migrated by db-global-setup.ts.
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_test";
