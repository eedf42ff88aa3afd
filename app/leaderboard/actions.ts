"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAdminToken } from "@/lib/admin";
import { recomputeLeaderboards } from "@/lib/leaderboard/recompute";

export type RecomputeState =
  | { status: "idle" }
  | { status: "ok"; message: string }
  | { status: "error"; message: string };

const Input = z.object({ token: z.string().min(1, "Enter the admin token.").max(500) });

export async function recomputeAction(_prev: RecomputeState, form: FormData): Promise<RecomputeState> {
  const parsed = Input.safeParse({ token: form.get("token") });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0].message };
  if (!isAdminToken(parsed.data.token)) return { status: "error", message: "That admin token is not valid." };
  const summary = await recomputeLeaderboards();
  if (summary.status === "busy") {
    return { status: "error", message: "A recompute is already running; its board appears when it ends." };
  }
  revalidatePath("/leaderboard");
  const overall = summary.categories.find((c) => c.category === "overall");
  return {
    status: "ok",
    message: `Recomputed ${summary.categories.length} categories from ${overall?.numVotes ?? 0} votes in ${summary.ms} ms.`,
  };
}
