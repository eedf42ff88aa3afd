import type { FakeLlmServer } from "@/e2e/fake-llm-server";
import type { LiveEvent, StartLiveBattleInput } from "@/lib/arena/live-schemas";
import type { ScreenSide } from "@/lib/arena/sides";
import { db } from "@/lib/db/client";
import { claimTurn } from "@/lib/db/live-turns";
import { syncModels } from "@/lib/db/models";
import { isStreaming } from "@/lib/live/registry";
import { startLiveBattle } from "@/lib/live/start";
import { turnEventStream } from "@/lib/live/stream-turn";
import { resetDb } from "./db";
import { newVoterId } from "./fixtures";
import { readEvents, scriptedModels } from "./live";

// Shared by the live-battle database tests: the scripted models, dealing a named
// battle, and streaming one turn the way the route handler does.

export const ALL = [
  "fast-a",
  "fast-b",
  "slow-a",
  "leak-a",
  "error500-a",
  "ratelimit-a",
  "stall-a",
  "garbage-a",
];
ALL.push("empty-a", "hang-a");

export async function named(left: string, right: string, prompt = "Say something useful.") {
  const voterId = newVoterId();
  const input: StartLiveBattleInput = { prompt, mode: "named", models: [left, right] };
  const res = await startLiveBattle({ voterId, input, sampler: "weighted" });
  if (res.status !== "ok") throw new Error(res.status);
  return { voterId, battle: res.battle };
}

export async function streamTurn(
  battleId: string,
  voterId: string,
  turn: number,
  opts: {
    signal?: AbortSignal;
    onEvent?: (e: LiveEvent) => void;
    side?: ScreenSide;
    regenerate?: boolean;
  } = {},
) {
  const plan = await claimTurn({
    battleId,
    voterId,
    turn,
    screen: opts.side,
    regenerate: opts.regenerate,
    isStreaming: (s) => isStreaming(battleId, s),
  });
  const signal = opts.signal ?? new AbortController().signal;
  return readEvents(turnEventStream({ plan, voterId, signal }), opts.onEvent);
}

export const battleRow = (id: string) =>
  db.battle.findUniqueOrThrow({ where: { id }, include: { messages: { orderBy: [{ turn: "asc" }] } } });

/** Empty database; every scripted model registered, only fast-a and slow-a drawable. */
export async function resetLiveModels(fake: FakeLlmServer) {
  fake.requests.splice(0);
  await resetDb();
  const weights = Object.fromEntries(ALL.map((m) => [m, m === "fast-a" || m === "slow-a" ? 1 : 0]));
  await syncModels({ models: scriptedModels(fake.url, ALL, weights) });
}
