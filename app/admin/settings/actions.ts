"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ARENAS } from "@/lib/arena/vote-criteria";
import { setArenaCriteria } from "@/lib/db/arena-settings";
import { recordAudit } from "@/lib/db/audit";
import { roleAction } from "@/lib/role-action";

// Not strict: the form also carries Next's own $ACTION_* fields.
const SetCriteriaInput = z.object({
  arena: z.enum(ARENAS),
  enabled: z.enum(["on", "off"]),
});

/** Switches per-criterion votes (helpfulness, correctness, style) on or off for one arena. */
export const setArenaCriteriaAction = roleAction("maintainer", SetCriteriaInput, async (input, actor) => {
  const enabled = input.enabled === "on";
  await setArenaCriteria({ arena: input.arena, enabled, actor: actor.label });
  await recordAudit({ actor, action: "arena.criteria", target: input.arena, details: { enabled } });
  revalidatePath("/admin/settings");
  revalidatePath("/");
  return `Per-criterion votes are now ${enabled ? "on" : "off"} in the ${input.arena === "corpus" ? "fixed-prompt" : "live"} arena.`;
});
