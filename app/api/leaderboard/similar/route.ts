import { z } from "zod";
import { AppError, describeZodError, errorResponse } from "@/lib/errors";
import { readSimilarBoard } from "@/lib/leaderboard/similar-job";

export const dynamic = "force-dynamic";

const SimilarQuery = z.strictObject({ q: z.string().trim().min(1).max(2000) });

/**
 * GET /api/leaderboard/similar?q=PROMPT — a Bradley-Terry board where each counted vote is
 * weighted by how similar its prompt is to q (BM25+), with sandwich CIs and the effective
 * number of votes. 202 while the prompt index is first built.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const parsed = SimilarQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success)
      throw new AppError("bad_request", `Invalid query: ${describeZodError(parsed.error)}`);
    const view = await readSimilarBoard(parsed.data.q);
    const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
    if (view.status === "indexing")
      return Response.json({ status: "indexing", board: null }, { status: 202, headers });
    return Response.json(
      {
        status: "ok",
        indexed_votes: view.indexedVotes,
        indexed_at: view.indexedAt.toISOString(),
        ms: view.ms,
        board: view.board,
      },
      { headers },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
