import type { VoteChoice } from "@/lib/arena/sides";
import type { BattleView, VoteResult } from "@/lib/arena/types";
import type { ErrorCode } from "@/lib/errors";
import type { ActionFailed, ActionResult } from "@/lib/run-action";

// The arena's hot path from the browser: dealing a corpus battle and voting go to the JSON
// API, which the server answers on its fast routes (lib/fast-routes) without Next's
// server-action machinery (about 1 ms of server CPU a request; issue 11). The results keep
// the server actions' shapes, so the components handle them as before. A request that
// never got an answer throws, as an action call does.

type StartBattleResult = ActionResult<{ status: "ok"; battle: BattleView } | { status: "empty" }>;
type CastVoteResult = ActionResult<VoteResult>;

async function postJson(url: string, body: unknown): Promise<{ status: number; data: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {}
  return { status: res.status, data };
}

function failure(status: number, data: unknown): ActionFailed {
  const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
  return {
    status: "error",
    code: (error?.code ?? "internal") as ErrorCode,
    message: error?.message ?? `The server answered ${status}. Please try again.`,
  };
}

/** A corpus battle for this browser's voter (POST /api/battles). */
export async function requestCorpusBattle(): Promise<StartBattleResult> {
  const { status, data } = await postJson("/api/battles", {});
  if (status === 201) return { status: "ok", battle: (data as { battle: BattleView }).battle };
  const failed = failure(status, data);
  return failed.code === "not_found" ? { status: "empty" } : failed;
}

/** A vote on one of this voter's battles (POST /api/battles/:id/vote). */
export async function requestVote({
  battleId,
  ...vote
}: {
  battleId: string;
  choice: VoteChoice;
  timeToVoteMs?: number;
}): Promise<CastVoteResult> {
  const { status, data } = await postJson(`/api/battles/${encodeURIComponent(battleId)}/vote`, vote);
  return status === 200 || status === 201 ? (data as VoteResult) : failure(status, data);
}
