import "server-only";
import {
  latestRatings,
  listAddressEvidence,
  listAddressOrigins,
  listVoterEvidence,
} from "@/lib/db/abuse-evidence";
import { suggestQuarantine } from "@/lib/db/abuse-flags";
import { quarantineVoter } from "@/lib/db/quarantine";
import { env } from "@/lib/env";
import {
  burst,
  fastVotes,
  identityChurn,
  likelihoodRatio,
  longerStreak,
  sideStreak,
  targetFixation,
} from "./detectors";
import { decide, type Policy, parsePolicy, type Verdict } from "./policy";
import type { Signal, VoteEvidence } from "./types";

// Runs the detectors after a vote on that voter and on the address it came from, and
// applies the policy: quarantine above `auto`, a suggestion for maintainers above
// `suggest`. Off the request path (called after the response is sent).

const RATINGS_TTL_MS = 30_000;
let ratingsCache: { at: number; value: Promise<Record<string, number>> } | undefined;

function ratings(): Promise<Record<string, number>> {
  const now = Date.now();
  if (!ratingsCache || now - ratingsCache.at > RATINGS_TTL_MS) {
    ratingsCache = { at: now, value: latestRatings().catch(() => ({})) };
  }
  return ratingsCache.value;
}

/** Signals about one set of votes (a voter's, or an address's). */
export function voteSignals(votes: readonly VoteEvidence[], fitted: Record<string, number>): Signal[] {
  return [
    fastVotes(votes),
    sideStreak(votes),
    longerStreak(votes),
    burst(votes),
    targetFixation(votes, fitted),
    likelihoodRatio(votes, fitted),
  ];
}

/**
 * An address's verdict counts only when it also churns identities: a campus or office
 * behind one address is many honest voters whose pooled votes may look odd together.
 */
export function addressVerdict(churn: Signal | undefined, pooled: Signal[], policy: Policy): Verdict | null {
  if (!churn || churn.score < policy.identity_churn.suggest) return null;
  return decide([churn, ...pooled.filter((s) => s.detector !== "burst")], policy);
}

let policyCache: Policy | undefined;

export async function screenVoter({ voterId, ipHash }: { voterId: string; ipHash: string | null }) {
  if (env().ARENA_ABUSE_DEFENCES === "off") return;
  policyCache ??= parsePolicy(env().ARENA_ABUSE_POLICY);
  const policy = policyCache;
  const fitted = await ratings();
  const own = decide(voteSignals(await listVoterEvidence({ voterId }), fitted), policy);
  await apply(voterId, own);

  if (ipHash === null) return;
  const origins = await listAddressOrigins({ ipHash });
  const churn = identityChurn(origins).get(ipHash);
  const verdict = addressVerdict(churn, voteSignals(await listAddressEvidence({ ipHash }), fitted), policy);
  if (!verdict) return;
  // Voters seen from this address: those first seen there, and this one.
  const voters = new Set([voterId, ...origins.map((o) => o.voterId)]);
  for (const id of voters) await apply(id, verdict, { scope: "address" });
}

async function apply(voterId: string, verdict: Verdict, evidence: Record<string, unknown> = {}) {
  if (verdict.quarantine) {
    const autos = verdict.findings.filter((f) => f.level === "auto");
    await quarantineVoter({
      voterId,
      reason: verdict.quarantine,
      source: "auto",
      actor: autos.map((f) => f.signal.detector).join(","),
      evidence: {
        ...evidence,
        findings: autos.map((f) => ({ detector: f.signal.detector, score: f.signal.score, n: f.signal.n })),
      },
    });
  } else if (verdict.findings.length > 0) {
    await suggestQuarantine({ voterId, findings: verdict.findings });
  }
}
