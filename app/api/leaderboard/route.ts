import { LRUCache } from "lru-cache";
import { z } from "zod";
import { getLatestSnapshot, listSnapshotCategories } from "@/lib/db/leaderboard";
import { replicaHeaders, replicaLag } from "@/lib/db/replica";
import { env } from "@/lib/env";
import { AppError, describeZodError, errorResponse } from "@/lib/errors";
import { cacheHeaders, isNotModified } from "@/lib/export/http-cache";
import { leaderboardCsv, leaderboardJson } from "@/lib/export/leaderboard";
import { freshnessDto } from "@/lib/leaderboard/freshness-text";
import { readFreshness } from "@/lib/leaderboard/recompute";

export const dynamic = "force-dynamic";

const LeaderboardQuery = z.strictObject({
  category: z.string().min(1).max(100).default("overall"),
  kind: z.enum(["plain", "style"], { message: "expected plain or style" }).default("plain"),
  format: z.enum(["json", "csv"], { message: "expected json or csv" }).default("json"),
  // The win-rate and count matrices grow with models² (≈450 KB at 100 models), so they
  // are sent only to those who ask.
  matrices: z.enum(["true", "false"], { message: "expected true or false" }).default("false"),
});

// A snapshot's bytes never change, so each (snapshot, format) body is built once and
// kept for the next callers; the most recently used few suffice, since only latest
// snapshots are served. Kept encoded: UTF-8-encoding the string again for every
// response showed up in profiles.
const bodies = new LRUCache<string, Uint8Array<ArrayBuffer>>({ max: 64 });
const utf8 = new TextEncoder();

function cachedBody(key: string, build: () => string): Uint8Array<ArrayBuffer> {
  let body = bodies.get(key);
  if (body === undefined) {
    body = utf8.encode(build());
    bodies.set(key, body);
  }
  return body;
}

/**
 * GET /api/leaderboard?category=overall&kind=plain|style&format=json|csv — the latest
 * stored snapshot. A snapshot never changes, so its id (plus the format) is the ETag; a
 * weak one, since the JSON also says how fresh the board is (`freshness`, also sent as
 * X-Leaderboard-* headers, 304s included), which changes with every vote. With a read
 * replica, freshness.replica_lag_s and X-Replica-Lag-S say how far behind it is.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const params = new URL(req.url).searchParams;
    const raw: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      raw[key] = all.length === 1 ? all[0] : all;
    }
    const parsed = LeaderboardQuery.safeParse(raw);
    if (!parsed.success)
      throw new AppError("bad_request", `Invalid leaderboard query: ${describeZodError(parsed.error)}`);
    const { category, kind, format, matrices } = parsed.data;

    const categories = await listSnapshotCategories();
    if (!categories.includes(category)) {
      const known = categories.length > 0 ? categories.join(", ") : "none yet (no votes counted)";
      throw new AppError(
        "not_found",
        `Unknown category "${category}". Categories with a leaderboard: ${known}.`,
      );
    }
    const snapshot = await getLatestSnapshot({ category, kind });
    if (!snapshot) {
      throw new AppError(
        "not_found",
        `No ${kind === "style" ? "style-controlled" : "plain"} leaderboard for "${category}" yet.`,
      );
    }
    const variant = format === "json" && matrices === "true" ? "json-matrices" : format;
    const validators = { etag: `W/"${snapshot.id}-${variant}"`, lastModified: snapshot.createdAt };
    const [state, lag] = await Promise.all([readFreshness(), replicaLag()]);
    const freshness = freshnessDto(state, env().ARENA_RECOMPUTE_MAX_WAIT_MS, lag);
    const headers = {
      ...cacheHeaders(validators),
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers":
        "ETag, Last-Modified, X-Leaderboard-Updated-At, X-Leaderboard-Votes-Since, X-Replica-Lag-S",
      "X-Leaderboard-Updated-At": freshness.updated_at ?? "never",
      "X-Leaderboard-Votes-Since": String(freshness.votes_since),
      ...replicaHeaders(lag),
    };
    if (isNotModified(req.headers, validators)) return new Response(null, { status: 304, headers });
    if (format === "csv") {
      return new Response(
        cachedBody(`${snapshot.id}:csv`, () => leaderboardCsv(snapshot)),
        {
          headers: {
            ...headers,
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": `inline; filename="leaderboard-${category.replace(/[^A-Za-z0-9]+/g, "-")}-${kind}.csv"`,
          },
        },
      );
    }
    const json = cachedBody(`${snapshot.id}:${variant}`, () => {
      const body = leaderboardJson(snapshot);
      if (matrices === "false") delete (body.fit as { matrices?: unknown }).matrices;
      return JSON.stringify(body);
    });
    // The cached body without its opening brace, after this response's freshness.
    const head = utf8.encode(`{"freshness":${JSON.stringify(freshness)},`);
    const body = new Uint8Array(head.length + json.length - 1);
    body.set(head);
    body.set(json.subarray(1), head.length);
    return new Response(body, { headers: { ...headers, "Content-Type": "application/json" } });
  } catch (error) {
    return errorResponse(error);
  }
}
