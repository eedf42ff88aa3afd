import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "./client";

// Auth.js stores OAuth users and accounts through its Prisma adapter; lib/db stays the
// only code that holds the Prisma client, lib/auth.ts the only code that imports next-auth.
// biome-ignore lint/suspicious/noExplicitAny: the adapter is typed against @prisma/client, ours is generated elsewhere
export const authAdapter = () => PrismaAdapter(db as any);
