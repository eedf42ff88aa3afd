// The judge's verdict, parsed strictly: the answer must name exactly one of the four
// verdicts the template asks for. Anything else is "unparseable" and stays that way —
// a verdict is never guessed from prose, so a judge that rambles is seen to ramble.

export type BattleOutcome = "a" | "b" | "tie" | "both_bad";
/** A judge verdict in the battle's A/B terms. */
export type JudgeVerdict = BattleOutcome | "unparseable";
/** A judge verdict as the judge saw the answers: first shown or second shown. */
export type PositionVerdict = "first" | "second" | "tie" | "both_bad" | "unparseable";
/** "ab": model A's answer shown first; "ba": model B's first. */
export type JudgeOrder = "ab" | "ba";

const MARKER = /\[\[([^[\]]{1,24})\]\]/g;

function normalise(token: string): PositionVerdict | null {
  const t = token
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (t === "a") return "first";
  if (t === "b") return "second";
  if (t === "tie") return "tie";
  if (t === "both_bad") return "both_bad";
  return null;
}

/**
 * `[[A]]`, `[[B]]`, `[[TIE]]` or `[[BOTH_BAD]]` (case and "both bad" spelling aside),
 * possibly after an explanation and possibly repeated; or, with no marker at all, an
 * answer that is nothing but one of those words. Two different verdicts, an unknown
 * marker or anything else: unparseable.
 */
export function parseVerdict(raw: string): PositionVerdict {
  const markers = [...raw.matchAll(MARKER)].map((m) => normalise(m[1]));
  if (markers.length > 0) {
    if (markers.some((m) => m === null)) return "unparseable";
    return new Set(markers).size === 1 ? (markers[0] as PositionVerdict) : "unparseable";
  }
  const bare = raw
    .trim()
    .replace(/^["'`*]+|["'`*.!]+$/g, "")
    .trim();
  if (bare.length > 12) return "unparseable";
  return normalise(bare) ?? "unparseable";
}

/** The position verdict in the battle's A/B terms, given the order the judge saw. */
export function toBattleVerdict(v: PositionVerdict, order: JudgeOrder): JudgeVerdict {
  if (v === "first") return order === "ab" ? "a" : "b";
  if (v === "second") return order === "ab" ? "b" : "a";
  return v;
}
