import { ChallengeAnswer, offerChallenge, passChallenge } from "@/lib/abuse/challenge-guard";
import { AppError, errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { readVoterId } from "@/lib/voter-session";

export const dynamic = "force-dynamic";

// JSON API for the check a 428 from POST /api/battles/[id]/vote asks for (the page uses
// the equivalent server actions): GET a challenge for this voter cookie, POST the answer.

async function voter(): Promise<string> {
  const voterId = await readVoterId();
  if (!voterId) throw new AppError("forbidden", "No voter cookie: deal a battle first.");
  return voterId;
}

export async function GET(): Promise<Response> {
  try {
    return Response.json(await offerChallenge(await voter()), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(req: Request): Promise<Response> {
  try {
    const voterId = await voter();
    const answer = await readJsonBody(req, ChallengeAnswer, 16_384);
    return Response.json(await passChallenge({ voterId, answer }), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
