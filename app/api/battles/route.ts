import { z } from "zod";
import { guardRequest } from "@/lib/abuse/guard";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { getOrCreateVoterId } from "@/lib/voter-session";

const Body = z.strictObject({ mode: z.literal("corpus").optional() });

/**
 * JSON API for dealing a fixed-prompt battle (the UI uses the equivalent server action):
 * `{battle: {id, prompt, left, right}}` with a voter cookie, issued when missing. Vote on it
 * with POST /api/battles/[id]/vote.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    await readJsonBody(req, Body, 1024);
    const voterId = await getOrCreateVoterId();
    // The limit; the address this cookie was first seen from is stored with the battle.
    const { ipHash } = await guardRequest("deal", voterId);
    const battle = await dealCorpusBattle({ voterId, ipHash });
    if (!battle) throw new AppError("not_found", "No corpus can make a battle yet.");
    return Response.json({ battle }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
