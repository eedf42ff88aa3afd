import "server-only";
import {
  listAddressEvidence,
  listAddressOrigins,
  listCountedCells,
  listDealEvidence,
  listVoterEvidence,
} from "@/lib/db/abuse-evidence";
import { suggestQuarantine } from "@/lib/db/abuse-flags";
import { quarantineVoter } from "@/lib/db/quarantine";
import { env } from "@/lib/env";
import { cohortVerdict, type Fit, fitRatings, ratingsFor, selectiveVoting } from "./cohort";
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
//
// Model-based tests (target fixation, likelihood ratio, cohort fixation) compare votes
// with ratings fitted WITHOUT the votes under test whenever those votes could have moved
// them: otherwise a rigging that partly counts already has the ratings on its side.

const FIT_TTL_MS = 15_000;
/** Identity churn counts fresh cookies per address within this window. */
export const CHURN_WINDOW_MS = 3_600_000;

let fitCache: { at: number; value: Promise<Fit> } | undefined;

function currentFit(): Promise<Fit> {
  const now = Date.now();
  if (!fitCache || now - fitCache.at > FIT_TTL_MS) {
    fitCache = {
      at: now,
      value: listCountedCells()
        .then((cells) => ({ cells, ratings: fitRatings(cells) }))
        .catch(() => ({ cells: [], ratings: {} })),
    };
  }
  return fitCache.value;
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

let policyCache: Policy | undefined;

/** Tests: forget the cached fit and policy (a fresh database, another config). */
export function forgetScreeningCaches(): void {
  fitCache = undefined;
  policyCache = undefined;
}

export async function screenVoter({ voterId, ipHash }: { voterId: string; ipHash: string | null }) {
  if (env().ARENA_ABUSE_DEFENCES === "off") return;
  policyCache ??= parsePolicy(env().ARENA_ABUSE_POLICY);
  const policy = policyCache;
  const fit = await currentFit();
  const own = await listVoterEvidence({ voterId });
  const churn =
    ipHash === null
      ? undefined
      : identityChurn(await listAddressOrigins({ ipHash, sinceMs: CHURN_WINDOW_MS }), CHURN_WINDOW_MS).get(
          ipHash,
        );
  // Churn is the address's, but only this voter is flagged for it (a suggestion, and the
  // reason new cookies from there are challenged): never a quarantine of the address.
  const selective = selectiveVoting(await listDealEvidence({ voterId }));
  await apply(
    voterId,
    decide([...voteSignals(own, ratingsFor(own, fit)), selective, ...(churn ? [churn] : [])], policy),
  );

  if (ipHash === null) return;
  // The address's cookies pooled: what each test names are the members to act on.
  const cohorts = [cohortVerdict(await listAddressEvidence({ ipHash }), fit, policy)];
  const dealt = selectiveVoting(await listDealEvidence({ ipHash }));
  if ((dealt.detail.voters as number) >= 2) {
    cohorts.push({
      verdict: decide([dealt], policy),
      signal: dealt,
      members: dealt.detail.members as string[],
    });
  }
  for (const cohort of cohorts) {
    if (!cohort || cohort.verdict.findings.length === 0) continue;
    for (const id of cohort.members) {
      await apply(id, cohort.verdict, {
        scope: "address",
        model: cohort.signal.detail.model,
        direction: cohort.signal.detail.direction,
        cohortVoters: cohort.signal.detail.voters,
      });
    }
  }
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
