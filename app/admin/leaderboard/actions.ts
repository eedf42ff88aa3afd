"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { recomputeLeaderboards } from "@/lib/leaderboard/recompute";
import { roleAction } from "@/lib/role-action";

/** Recompute every category now (the same job a vote schedules). */
export const recomputeNowAction = roleAction("maintainer", z.object({}), async (_input, actor) => {
  const summary = await recomputeLeaderboards();
  if (summary.status === "busy") {
    throw new AppError("conflict", "A recompute is already running; its board appears when it ends.");
  }
  const overall = summary.categories.find((c) => c.category === "overall");
  await recordAudit({
    actor,
    action: "leaderboard.recompute",
    details: { categories: summary.categories.length, ms: Math.round(summary.ms) },
  });
  revalidatePath("/leaderboard");
  revalidatePath("/admin/leaderboard");
  return `Recomputed ${summary.categories.length} categories from ${overall?.numVotes ?? 0} votes in ${Math.round(summary.ms)} ms.`;
});
