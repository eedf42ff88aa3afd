import { z } from "zod";

/**
 * Per-criterion votes a voter may give after the main vote, when a maintainer has switched
 * them on for the arena. Each is answered once: left, right or tie (screen sides; stored as
 * a / b / tie through lib/arena/sides). Keys: the criterion's letter arms it, then A or ←,
 * B or →, T picks the answer.
 */
export const VOTE_CRITERIA = [
  { id: "helpfulness", label: "Helpfulness", key: "h", question: "Which answer helps more?" },
  { id: "correctness", label: "Correctness", key: "c", question: "Which answer is more correct?" },
  { id: "style", label: "Style", key: "s", question: "Which answer is better written?" },
] as const;

export type CriterionId = (typeof VOTE_CRITERIA)[number]["id"];
export const CRITERION_IDS = VOTE_CRITERIA.map((c) => c.id) as [CriterionId, ...CriterionId[]];

export const CRITERION_ANSWERS = ["left", "right", "tie"] as const;
export type CriterionAnswer = (typeof CRITERION_ANSWERS)[number];

/** The two arenas a maintainer switches criteria for. */
export const ARENAS = ["corpus", "live"] as const;
export type Arena = (typeof ARENAS)[number];

/** Corpus battles are the fixed-prompt arena; anonymous and named battles the live one. */
export const arenaOfMode = (mode: "anonymous" | "named" | "corpus"): Arena =>
  mode === "corpus" ? "corpus" : "live";

export const RateCriteriaInput = z.strictObject({
  battleId: z.uuid({ message: "battleId must be a UUID" }),
  answers: z
    .partialRecord(z.enum(CRITERION_IDS), z.enum(CRITERION_ANSWERS))
    .refine((a) => Object.keys(a).length > 0, { message: "answers must name at least one criterion" }),
});
export type RateCriteriaInput = z.infer<typeof RateCriteriaInput>;

/** What a key press after the vote means for the criteria, given the criterion armed by the previous key. */
export type CriteriaKey =
  | { type: "arm"; criterion: CriterionId }
  | { type: "answer"; criterion: CriterionId; answer: CriterionAnswer }
  | { type: "disarm" }
  | null;

export function criteriaKey(key: string, armed: CriterionId | null): CriteriaKey {
  const k = key.length === 1 ? key.toLowerCase() : key;
  if (armed) {
    if (k === "a" || k === "ArrowLeft") return { type: "answer", criterion: armed, answer: "left" };
    if (k === "b" || k === "ArrowRight") return { type: "answer", criterion: armed, answer: "right" };
    if (k === "t") return { type: "answer", criterion: armed, answer: "tie" };
  }
  const c = VOTE_CRITERIA.find((x) => x.key === k);
  if (c) return { type: "arm", criterion: c.id };
  return armed ? { type: "disarm" } : null;
}
