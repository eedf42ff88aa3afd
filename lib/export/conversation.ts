import { choiceFor, inScreenOrder, type StoredSide, type VoteChoice } from "@/lib/arena/sides";
import { cl100kTokens } from "@/lib/text-features/cl100k";
import type { ExportMessage, ExportTurn, ExportVote } from "./types";

// Every dump puts the model shown on the LEFT in `model_a` (FastChat's convention:
// its model_a is the left-hand model). Stored battles draw A/B independently of the
// screen side (`shown_left`), so this mapping (lib/arena/sides.ts) is what makes
// "P(model_a wins)" in a dump the left-position win rate researchers use to study
// position bias.

/** The winner in screen terms; each format spells it its own way. */
export type ScreenWinner = VoteChoice;

export interface ScreenTurn {
  user: ExportMessage;
  left: ExportMessage | null;
  right: ExportMessage | null;
}

export interface ScreenBattle {
  left: string;
  right: string;
  winner: ScreenWinner;
  turns: ScreenTurn[];
}

/** The turns as the voter saw them: the model shown on the left first. */
export function screenTurns(turns: ExportTurn[], shownLeft: StoredSide): ScreenTurn[] {
  return turns.map((t) => {
    const [left, right] = inScreenOrder(t, shownLeft);
    return { user: t.user, left, right };
  });
}

export function toScreenOrder(v: ExportVote): ScreenBattle {
  const [left, right] = inScreenOrder({ a: v.modelA, b: v.modelB }, v.shownLeft);
  return { left, right, winner: choiceFor(v.outcome, v.shownLeft), turns: screenTurns(v.turns, v.shownLeft) };
}

/** A stored message of a battle, as the export and the vote read it. */
export interface StoredMessage {
  turn: number;
  /** null for the user's turn. */
  side: StoredSide | null;
  attempt: number;
  content: string;
  tokens: number | null;
}

/**
 * The battle's turns in order, each slot holding its latest attempt (what the voter
 * saw when voting; regenerations keep earlier attempts).
 */
export function latestTurns(messages: Iterable<StoredMessage>): ExportTurn[] {
  const turns = new Map<number, { t: ExportTurn; attempts: [number, number, number] }>();
  for (const { turn, side, attempt, content, tokens } of messages) {
    let entry = turns.get(turn);
    if (!entry) {
      entry = { t: { user: { content: "", tokens: null }, a: null, b: null }, attempts: [-1, -1, -1] };
      turns.set(turn, entry);
    }
    const slot = side === null ? 0 : side === "a" ? 1 : 2;
    if (attempt <= entry.attempts[slot]) continue;
    entry.attempts[slot] = attempt;
    const m: ExportMessage = { content, tokens };
    if (side === null) entry.t.user = m;
    else entry.t[side] = m;
  }
  return [...turns.keys()].sort((x, y) => x - y).map((k) => turns.get(k)!.t);
}

/** The stored cl100k count (messages.num_tokens, set when the vote was cast), else counted now. */
export function tokensOf(m: ExportMessage | null): number {
  if (!m) return 0;
  return m.tokens ?? cl100kTokens(m.content);
}

const displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const nameCache = new Map<string, string>();
const isoCache = new Map<string, string | null>();
let codeOfName: Map<string, string> | null = null;

/** English language names ("english", "german") to their ISO 639-1 codes. */
function codesByName(): Map<string, string> {
  if (codeOfName) return codeOfName;
  codeOfName = new Map();
  const a = 97;
  for (let i = 0; i < 26; i++)
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(a + i, a + j);
      const name = displayNames.of(code);
      if (name && name !== code) codeOfName.set(name.toLowerCase(), code);
    }
  return codeOfName;
}

/**
 * The ISO 639-1 code of a language as an imported corpus or a tag spells it: "en",
 * "en-US", "eng", "English" all give "en"; anything unrecognised gives null.
 */
export function isoLanguage(raw: string): string | null {
  let code = isoCache.get(raw);
  if (code !== undefined) return code;
  code = null;
  const s = raw.trim().toLowerCase().replaceAll("_", "-");
  const byName = codesByName().get(s);
  if (byName) {
    code = byName;
  } else {
    try {
      // Canonicalisation maps ISO 639-2 aliases ("eng", "deu") to the two-letter code.
      const lang = new Intl.Locale(Intl.getCanonicalLocales(s)[0]).language;
      if (/^[a-z]{2}$/.test(lang) && displayNames.of(lang)) code = lang;
    } catch {
      // not a language tag
    }
  }
  isoCache.set(raw, code);
  return code;
}

/** The prompt's language as an ISO 639-1 code (from its `lang:` tag), or null. */
export function languageCode(tags: string[]): string | null {
  const tag = tags.find((t) => t.startsWith("lang:"));
  return tag ? isoLanguage(tag.slice(5)) : null;
}

/** FastChat spells languages out ("English"); unknown or missing codes give "unknown", as there. */
export function languageName(code: string | null): string {
  if (!code) return "unknown";
  let name = nameCache.get(code);
  if (name === undefined) {
    try {
      name = displayNames.of(code) ?? "unknown";
    } catch {
      name = "unknown";
    }
    nameCache.set(code, name);
  }
  return name;
}

/** Seconds since the epoch with millisecond precision, like FastChat's `tstamp`. */
export const unixSeconds = (d: Date): number => d.getTime() / 1000;
