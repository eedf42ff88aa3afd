import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["lib/db/**", "**/*.db.test.ts", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["lib/db/**/*.test.ts", "**/*.db.test.ts"],
          exclude: ["node_modules/**"],
          globalSetup: ["lib/testing/db-global-setup.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM loader refuses; Vite resolves it.
          server: { deps: { inline: ["next-auth"] } },
          env: {
            DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_test",
            ARENA_SECRET: "test-secret-not-for-production",
            NODE_ENV: "test",
          },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
