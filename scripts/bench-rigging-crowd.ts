// Simulated voters for scripts/bench-rigging.ts, talking to the app over HTTP only: an
// identity is a cookie jar plus the address it claims (X-Forwarded-For, which the app
// trusts as one proxy hop would set it).
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import type { Challenge } from "altcha-lib/types";
import { minReadingMs, winProbability } from "../lib/abuse/detectors";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Choice = "left" | "right" | "tie" | "both_bad";

export interface VoteRecord {
  who: string;
  battleId: string;
  left: string;
  right: string;
  choice: Choice;
}

export interface Stats {
  deals: number;
  /** Challenges (428) met and solved. */
  challenges: number;
  votes: number;
  refused: number;
  records: VoteRecord[];
}

export const newStats = (): Stats => ({ deals: 0, challenges: 0, votes: 0, refused: 0, records: [] });

export interface World {
  base: string;
  /** Answer text → model slug (public in corpus mode: every dump maps them). */
  modelOf: Map<string, string>;
  truth: Record<string, number>;
  rnd: () => number;
  /** Attackers stop at this time (ms since epoch). */
  deadline: number;
}

/** One voter cookie at one address. */
export class Identity {
  private cookie: string | null = null;
  constructor(
    private readonly world: World,
    readonly ip: string,
  ) {}

  private async request(path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      origin: this.world.base,
      "sec-fetch-site": "same-origin",
      "x-forwarded-for": this.ip,
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) bench-rigging",
    };
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(`${this.world.base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0];
    return res;
  }

  /** Deals a corpus battle; null when refused (429: waits out Retry-After if the deadline allows). */
  async deal(
    stats: Stats,
  ): Promise<{ id: string; left: string; right: string; words: [number, number] } | null> {
    for (;;) {
      const res = await this.request("/api/battles", {});
      if (res.status === 429 && (await this.waitOut(res))) continue;
      if (!res.ok) {
        stats.refused++;
        await res.body?.cancel();
        return null;
      }
      stats.deals++;
      const { battle } = (await res.json()) as {
        battle: { id: string; left: { content: string }; right: { content: string } };
      };
      const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
      return {
        id: battle.id,
        left: this.world.modelOf.get(battle.left.content) ?? "?",
        right: this.world.modelOf.get(battle.right.content) ?? "?",
        words: [words(battle.left.content), words(battle.right.content)],
      };
    }
  }

  async vote(stats: Stats, who: string, b: { id: string; left: string; right: string }, choice: Choice) {
    for (;;) {
      const res = await this.request(`/api/battles/${b.id}/vote`, { choice });
      if (res.status === 429 && (await this.waitOut(res))) continue;
      if (res.status === 428 && (await this.passChallenge(stats, res))) continue;
      await res.body?.cancel();
      if (res.status === 201) {
        stats.votes++;
        stats.records.push({ who, battleId: b.id, left: b.left, right: b.right, choice });
      } else stats.refused++;
      return res.status === 201;
    }
  }

  /** A 428: solves the proof of work as any bot can (altcha-lib in Node), then votes again. */
  private async passChallenge(stats: Stats, res: Response): Promise<boolean> {
    await res.body?.cancel();
    if (Date.now() > this.world.deadline) return false;
    stats.challenges++;
    const offer = (await (await this.request("/api/challenge")).json()) as {
      kind: string;
      challenge: Challenge;
    };
    if (offer.kind !== "pow") return false;
    const solution = await solveChallenge({ challenge: offer.challenge, deriveKey });
    if (!solution) return false;
    const { parameters, signature = "" } = offer.challenge;
    const passed = await this.request("/api/challenge", {
      kind: "pow",
      payload: { challenge: { parameters, signature }, solution },
    });
    await passed.body?.cancel();
    return passed.status === 201;
  }

  /** Waits for Retry-After when that ends before the deadline; false means give up. */
  private async waitOut(res: Response): Promise<boolean> {
    await res.body?.cancel();
    const ms = Number(res.headers.get("retry-after") ?? "60") * 1000;
    if (Date.now() + ms > this.world.deadline) return false;
    await sleep(ms);
    return true;
  }
}

/** What a voter who judges like the crowd picks: ties 10 %, else by the true strengths. */
export function honestChoice(world: World, left: string, right: string): Choice {
  const r = world.rnd();
  if (r < 0.05) return "tie";
  if (r < 0.1) return "both_bad";
  return world.rnd() < winProbability(world.truth[left], world.truth[right]) ? "left" : "right";
}

/** A plausible human reading time for two answers. */
export function readingMs(world: World, words: [number, number]): number {
  return minReadingMs(words) * (1.3 + 1.5 * world.rnd()) + 1500 * world.rnd();
}

/** An honest voter; `who` tags its records (a subgroup's, e.g. behind a NAT). */
export async function honestVoter(world: World, ip: string, votes: number, stats: Stats, who = "honest") {
  const me = new Identity(world, ip);
  for (let i = 0; i < votes; i++) {
    const b = await me.deal(stats);
    if (!b) return;
    await sleep(readingMs(world, b.words));
    await me.vote(stats, who, b, honestChoice(world, b.left, b.right));
  }
}

export interface AttackPlan {
  name: "a" | "b" | "c";
  target: string;
  /** Models the omnipresent attacker pushes down (the target's nearest rivals). */
  rivals: Set<string>;
  ip: string;
  targetVotes: number;
}

/**
 * (a) one identity, as fast as allowed; (b) a new identity every 10 votes, one address,
 * reading like a human; (c) as (b), and also votes on battles without the target:
 * against the target's rivals when one is there, else like the crowd (omnipresent rigging).
 */
export async function attacker(world: World, plan: AttackPlan, stats: Stats) {
  let cast = 0;
  // (b)/(c): identities one after another on a few parallel lanes (a real botnet would run
  // more, but more lanes here would only measure this machine's overload).
  const lanes = plan.name === "a" ? 1 : 4;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (cast < plan.targetVotes && Date.now() < world.deadline) {
        if (
          !(await identityRun(
            world,
            plan,
            stats,
            () => cast < plan.targetVotes,
            () => cast++,
          ))
        )
          return;
      }
    }),
  );
}

/** One identity's votes; false when the arena refused it for good (the lane stops). */
async function identityRun(
  world: World,
  plan: AttackPlan,
  stats: Stats,
  more: () => boolean,
  count: () => void,
): Promise<boolean> {
  const me = new Identity(world, plan.ip);
  let mine = 0;
  while (more() && Date.now() < world.deadline && (plan.name === "a" || mine < 10)) {
    const b = await me.deal(stats);
    if (!b) return false;
    const hasTarget = b.left === plan.target || b.right === plan.target;
    if (!hasTarget && plan.name !== "c") continue;
    if (plan.name !== "a") await sleep(readingMs(world, b.words));
    let choice: Choice;
    if (hasTarget) choice = b.left === plan.target ? "left" : "right";
    else if (plan.rivals.has(b.left)) choice = "right";
    else if (plan.rivals.has(b.right)) choice = "left";
    else choice = honestChoice(world, b.left, b.right);
    if (hasTarget) count();
    if ((await me.vote(stats, plan.name, b, choice)) && hasTarget) mine++;
  }
  return true;
}
