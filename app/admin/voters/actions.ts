"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/db/audit";
import { quarantineVoter, releaseVoter } from "@/lib/db/quarantine";
import { roleAction } from "@/lib/role-action";

const VoterId = z.uuid("That is not a voter id.");

/** Quarantine: the voter's counted votes stop counting (retroactively) until released. */
export const quarantineVoterAction = roleAction(
  "maintainer",
  z.object({ voterId: VoterId, reason: z.string().trim().min(1, "Give a reason.").max(120) }),
  async ({ voterId, reason }, actor) => {
    const r = await quarantineVoter({ voterId, reason, source: "maintainer", actor: actor.label });
    await recordAudit({ actor, action: "voter.quarantine", target: voterId, details: { reason, ...r } });
    revalidatePath("/admin/voters");
    revalidatePath("/admin/voter-quality");
    return r.status === "quarantined"
      ? `Quarantined: ${r.votesExcluded} votes no longer count ("${reason}"). The leaderboard updates at the next recompute.`
      : "This voter was already quarantined.";
  },
);

/** Release: exactly the votes the quarantine excluded count again. */
export const releaseVoterAction = roleAction(
  "maintainer",
  z.object({ voterId: VoterId, note: z.string().trim().max(500).optional() }),
  async ({ voterId, note }, actor) => {
    const r = await releaseVoter({ voterId, actor: actor.label, note });
    await recordAudit({ actor, action: "voter.release", target: voterId, details: { note, ...r } });
    revalidatePath("/admin/voters");
    return r.status === "released"
      ? `Released: ${r.votesRestored} votes count again.`
      : "This voter was not quarantined.";
  },
);
