import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { RequestContext } from "@/lib/abuse/guard";
import { requestFacts } from "@/lib/abuse/request-facts";
import { CastVoteInput, MAX_VOTE_BODY_BYTES } from "@/lib/arena/schemas";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { limitSpendFor } from "@/lib/db/rate-limits";
import { arenaSecret, env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { assertBattleId, newVoterSetCookie, voterIdFromCookies } from "@/lib/voter-session";
import { castVote } from "@/lib/votes/cast";
import { cookieValue, headerReader, readNodeJsonBody, sendJson, sendResponse } from "./node-io";

// The two requests every voter makes over and over — deal a corpus battle, vote on it —
// answered straight from Node's request event (scripts/server-preload.cjs hands them
// over), not through Next's router, Web Request/Response wrapping and compression: about
// 1 ms of CPU per request that the vote path's throughput cannot afford (issue 11,
// `npm run bench:votes`). Everything else about them is app/api/battles' route handlers,
// which stay for `next dev` and are the reference: the same services (dealCorpusBattle,
// castVote), the same checks, the same answers (lib/fast-routes/routes.db.test.ts).

const DealBody = z.strictObject({ mode: z.literal("corpus").optional() });
const VoteBody = CastVoteInput.omit({ battleId: true });
// Exact paths (Next answers a trailing slash with a redirect; so it still does).
const VOTE_PATH = /^\/api\/battles\/([^/?#]+)\/vote(?:\?.*)?$/;
const DEAL_PATH = /^\/api\/battles(?:\?.*)?$/;

/** What a route adds to whatever answer goes out, refusals included (a new voter's cookie). */
type Extra = Record<string, string>;
type Route = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext, extra: Extra) => Promise<void>;

/** The fast route for this request, or null for Next to answer it. */
export function fastRouteFor(req: IncomingMessage): ((res: ServerResponse) => Promise<void>) | null {
  if (req.method !== "POST" || !req.url) return null;
  let route: Route | null = null;
  const vote = VOTE_PATH.exec(req.url);
  if (vote) route = (rq, rs, ctx) => voteRoute(rq, rs, ctx, vote[1]);
  else if (DEAL_PATH.test(req.url)) route = dealRoute;
  if (!route) return null;
  const chosen = route;
  return (res) => serve(req, res, chosen);
}

async function serve(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
  const extra: Extra = {};
  try {
    const facts = requestFacts(headerReader(req), arenaSecret(), env().ARENA_TRUST_PROXY_HOPS);
    // Work for after the answer (abuse screening), as Next's after() would run it.
    const afterResponse = (task: () => unknown) =>
      res.once("finish", () => void Promise.resolve().then(task).catch(logAfterFailure));
    await route(req, res, { facts, afterResponse }, extra);
  } catch (error) {
    if (res.headersSent) return void res.destroy(error as Error);
    const response = errorResponse(error);
    for (const [key, value] of Object.entries(extra)) response.headers.set(key, value);
    await sendResponse(req, res, response);
  }
}

const logAfterFailure = (error: unknown) => console.error("after-response work failed:", error);

function readVoter(req: IncomingMessage): string | null {
  return voterIdFromCookies((name) => cookieValue(req.headers.cookie, name));
}

/** POST /api/battles: app/api/battles/route.ts. */
const dealRoute: Route = async (req, res, { facts }, extra) => {
  await readNodeJsonBody(req, DealBody, 1024);
  let voterId = readVoter(req);
  if (!voterId) {
    const fresh = newVoterSetCookie();
    voterId = fresh.id;
    extra["set-cookie"] = fresh.setCookie;
  }
  const limit = await limitSpendFor("deal", { voterId, ipHash: facts.ipHash });
  const battle = await dealCorpusBattle({ voterId, ipHash: facts.ipHash, limit });
  if (!battle) throw new AppError("not_found", "No corpus can make a battle yet.");
  sendJson(res, 201, { battle }, extra);
};

/** POST /api/battles/:id/vote: app/api/battles/[id]/vote/route.ts. */
async function voteRoute(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, rawId: string) {
  let id = rawId;
  try {
    id = decodeURIComponent(rawId);
  } catch {}
  assertBattleId(id);
  const voterId = readVoter(req);
  if (!voterId) throw new AppError("forbidden", "No voter cookie: this battle was not dealt to you.");
  const body = await readNodeJsonBody(req, VoteBody, MAX_VOTE_BODY_BYTES);
  const result = await castVote({ ...body, battleId: id, voterId }, ctx);
  sendJson(res, result.status === "ok" ? 201 : 200, result);
}
