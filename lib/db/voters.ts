import "server-only";
import { db } from "./client";

/** Creates the voter row for a cookie-issued id on first use; a no-op afterwards. */
export async function ensureVoter({ id }: { id: string }): Promise<void> {
  await db.$executeRaw`INSERT INTO voters (id) VALUES (${id}::uuid) ON CONFLICT (id) DO NOTHING`;
}
