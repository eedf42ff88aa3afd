import { z } from "zod";
import { currentRequestFacts } from "@/lib/abuse/guard";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { limitSpendFor } from "@/lib/db/rate-limits";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { getOrCreateVoterId } from "@/lib/voter-session";

const Body = z.strictObject({ mode: z.literal("corpus").optional() });

/**
 * JSON API for dealing a fixed-prompt battle (the arena page's too, components/arena/vote-api.ts):
 * `{battle: {id, prompt, left, right}}` with a voter cookie, issued when missing. Vote on it
 * with POST /api/battles/[id]/vote.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    await readJsonBody(req, Body, 1024);
    const voterId = await getOrCreateVoterId();
    // The limit (spent by the draw); the address this cookie was first seen from is stored with the battle.
    const { ipHash } = await currentRequestFacts();
    const limit = await limitSpendFor("deal", { voterId, ipHash });
    const battle = await dealCorpusBattle({ voterId, ipHash, limit });
    if (!battle) throw new AppError("not_found", "No corpus can make a battle yet.");
    return Response.json({ battle }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
