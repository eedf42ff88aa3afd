import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // `prisma generate` (postinstall) must work before any database exists.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://127.0.0.1:5432/unset" },
});
