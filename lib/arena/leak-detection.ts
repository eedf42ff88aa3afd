import type { StoredSide } from "./sides";

// Flags text that could reveal (or asks about) which models are in an anonymous battle.
// Findings are flags for the vote rules and for review, not verdicts, so the lists lean
// towards recall — with guards where a brand is also a common word:
// - Dictionary words that are also brands match only in their brand spelling: "Meta" (not
//   "meta", "metadata" or "Meta-analysis"), "Mistral", "Grok", "Cohere", "Bard" (not
//   "the Bard"), "Llama"/"LLaMA" (lowercase only as "llama3", "llama-3.1"), "Phi-3".
// - Distinctive names match in any case: "Gemini" the zodiac sign, "Claude" the first name
//   and "the anthropic principle" are flagged too; telling them apart needs semantics we
//   do not have, and a false flag costs a reviewer a glance while a missed leak biases votes.
// - A battle model's own slug, display name, upstream name and organisation are matched
//   in any case with flexible separators ("llama-3.1-8b" ~ "Llama 3.1 8B"); names shorter
//   than three characters are ignored as too noisy.

export type LeakSide = StoredSide | "prompt";
export type LeakReason =
  | "battle_model"
  | "battle_organization"
  | "known_model"
  | "known_organization"
  | "self_identification"
  | "identity_probe";

export interface LeakFinding {
  reason: LeakReason;
  side?: LeakSide;
  term: string;
}

/** What the battle knows about one of its models. */
export interface LeakIdentity {
  slug?: string;
  displayName?: string;
  organization?: string | null;
  /** Upstream model name, e.g. "llama3.2:3b". */
  upstreamModel?: string;
}

export interface LeakScanOptions {
  side?: LeakSide;
  /**
   * The text is still streaming: ignore a match that touches the end, since the word may
   * continue ("Meta" + "data"). Call again without it on the final text.
   */
  partial?: boolean;
}

interface Rule {
  term: string;
  reason: LeakReason;
  source: string;
  caseSensitive?: boolean;
}

const rule =
  (reason: LeakReason) =>
  (term: string, source: string, caseSensitive = false): Rule => ({ term, reason, source, caseSensitive });
const model = rule("known_model");
const org = rule("known_organization");

const KNOWN: Rule[] = [
  model("ChatGPT", "chat[\\s-]?gpt"),
  model("GPT", "gpt(?:[-\\s]?[1-9](?:\\.\\d)?[a-z]?)?(?!\\s+(?:partition|disk|table|header))"),
  model("Claude", "claude"),
  model("Gemini", "gemini"),
  model("Gemma", "gemma"),
  model("Bard", "(?<!the\\s)Bard", true),
  model("Llama", "(?:Llama|LLaMA|LLAMA|llama(?=[-\\s]?\\d))(?:[-\\s]?\\d+(?:\\.\\d+)?)?", true),
  model("Mixtral", "mixtral"),
  org("Mistral AI", "Mistral\\s+AI", true),
  model("Mistral", "Mistral", true),
  model("Qwen", "qwen"),
  model("DeepSeek", "deep[\\s-]?seek"),
  model("Grok", "Grok", true),
  model("Phi", "Phi[-\\s]?\\d+(?:\\.\\d+)?", true),
  model("Command R", "Command[\\s-]R\\+?", true),
  model("Copilot", "copilot"),
  model("Nemotron", "nemotron"),
  model("ERNIE", "ERNIE", true),
  model("Kimi", "Kimi", true),
  model("Vicuna", "Vicuna", true),
  org("OpenAI", "open[\\s-]?ai"),
  org("Anthropic", "anthropic"),
  org("DeepMind", "deep[\\s-]?mind"),
  org("Google", "google"),
  org("Meta", "(?:Meta|META)(?![-\u2010]\\p{L})", true),
  org("Facebook", "facebook"),
  org("Alibaba", "alibaba"),
  org("Cohere", "Cohere", true),
  org("xAI", "xAI|XAI", true),
  org("Microsoft", "microsoft"),
  org("Baidu", "baidu"),
  org("Zhipu", "zhipu"),
  org("Moonshot AI", "Moonshot\\s+AI", true),
  org("NVIDIA", "nvidia"),
  org("AI21", "ai21"),
  org("Hugging Face", "hugging\\s?face"),
];

const START = "(?<![\\p{L}\\p{N}_])";
const END = "(?![\\p{L}\\p{N}_])";
const KNOWN_BY_TERM = new Map(KNOWN.map((r) => [r.term.toLowerCase(), r]));

/** "llama-3.1-8b", "Llama 3.1 8B" and "llama3.1:8b" all become one pattern. */
function flexible(name: string): string | undefined {
  const tokens = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (tokens.join("").length < 3) return undefined;
  return tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s_.:/-]*");
}

function battleRules(models: LeakIdentity[]): Rule[] {
  return models.flatMap((m) => {
    const names = [m.displayName, m.slug, m.upstreamModel].map((n) => [n, "battle_model"] as const);
    return [...names, [m.organization, "battle_organization"] as const].flatMap(([name, reason]) => {
      if (!name) return [];
      // A battle name that is also a guarded brand keeps the guard ("Meta" ≠ "metadata").
      const known = KNOWN_BY_TERM.get(name.toLowerCase());
      if (known) return [{ ...known, term: name, reason }];
      const source = flexible(name);
      return source ? [{ term: name, reason, source }] : [];
    });
  });
}

const cap = (word: string) => `[${word[0].toUpperCase()}${word[0].toLowerCase()}]${word.slice(1)}`;
const NAME = "\\p{Lu}[\\p{L}\\p{N}]*(?:[._-][\\p{L}\\p{N}]+)*";
const NAMES = `${NAME}(?:\\s+${NAME}){0,2}`;
const VERBS = "developed created trained made built designed programmed released powered".split(" ");
const AS_AN_AI =
  "[Aa]s\\s+an?\\s+(?:AI|artificial intelligence|(?:large\\s+)?language model|AI (?:language model|assistant|model)|assistant|chatbot|model)";
const I_AM = "I(?:\\s+am|\\s+was|['\u2019]m|['\u2019]ve\\s+been)";
const NOT_NAMES = new Set("Sorry Not Here Fine Glad Happy Ready Done Back Sure OK Okay".split(" "));

// No `i` flag here: with it, \p{Lu} would match lowercase letters too.
const SELF_ID: RegExp[] = [
  new RegExp(
    `${START}I(?:\\s+am|['\u2019]m)\\s+(?:called\\s+|named\\s+)?(${NAME})(?=\\s*(?:[,.!;:]|$)|\\s+an?\\s+(?:AI|artificial|large|language|assistant|chatbot|model|conversational)|\\s+(?:${VERBS.join("|")})\\s+by)`,
    "gu",
  ),
  new RegExp(`${START}(?:${cap("my")}\\s+name\\s+is|${cap("call")}\\s+me)\\s+(${NAME})`, "gu"),
  new RegExp(
    `${START}(?:${I_AM}|${AS_AN_AI})[^.!?\\n]{0,80}?\\s(?:${VERBS.map(cap).join("|")})\\s+by\\s+(?:the\\s+(?:team|engineers|researchers|folks)\\s+at\\s+)?(${NAMES})`,
    "gu",
  ),
];

const PROBES: RegExp[] = [
  /who\s+(?:made|created|trained|built|developed|designed|programmed)\s+you/,
  /what(?:'s|’s|\s+is)\s+your\s+(?:name|model(?:\s+name)?)/,
  /(?:what|which)\s+(?:ai\s+|language\s+|large\s+language\s+)?(?:model|llm|version|company)\s+(?:are\s+you|is\s+this|made\s+you|trained\s+you|built\s+you|created\s+you)/,
  /who\s+are\s+you/,
  /what\s+are\s+you(?=\s*[?.!]|\s*$)/,
  /identify\s+yourself|reveal\s+your\s+(?:identity|model|name)/,
].map((r) => new RegExp(`${START}(?:${r.source})${END}`, "giu"));

// Lower index wins when one term is found for several reasons.
const PRIORITY =
  "battle_model battle_organization self_identification identity_probe known_model known_organization".split(
    " ",
  );

function compile(rules: Rule[], caseSensitive: boolean): { regex: RegExp; rules: Rule[] } | undefined {
  const chosen = rules.filter((r) => !!r.caseSensitive === caseSensitive);
  if (!chosen.length) return undefined;
  // One alternation per case mode: rules list battle names first and longer names win at a position.
  // Model names often carry a glued version ("qwen2.5", "gemma2"), which would defeat END.
  const version = (r: Rule) => (r.reason === "known_model" ? "(?:\\d+(?:\\.\\d+)*)?" : "");
  const source = chosen.map((r) => `(${START}(?:${r.source})${version(r)}${END})`).join("|");
  return { regex: new RegExp(source, caseSensitive ? "gu" : "giu"), rules: chosen };
}

export type LeakDetector = (text: string, options?: LeakScanOptions) => LeakFinding[];

/** Compiles the patterns once per battle; the detector is cheap enough to run on every streamed chunk. */
export function createLeakDetector(models: LeakIdentity[] = []): LeakDetector {
  const rules = [...battleRules(models), ...KNOWN];
  const compiled = [compile(rules, false), compile(rules, true)].filter((c) => c !== undefined);

  return (text, { side, partial = false } = {}) => {
    const hits: { reason: LeakReason; term: string; index: number; end: number }[] = [];
    const keep = (m: RegExpMatchArray) => !partial || (m.index ?? 0) + m[0].length < text.length;
    for (const { regex, rules: set } of compiled) {
      for (const m of text.matchAll(regex)) {
        const rule = set[m.slice(1).findIndex((g) => g !== undefined)];
        const index = m.index ?? 0;
        if (rule && keep(m))
          hits.push({ reason: rule.reason, term: rule.term, index, end: index + m[0].length });
      }
    }
    for (const regex of SELF_ID) {
      for (const m of text.matchAll(regex)) {
        if (NOT_NAMES.has(m[1]) || !keep(m)) continue;
        hits.push({
          reason: "self_identification",
          term: m[0].trim().slice(0, 120),
          index: m.index ?? 0,
          end: 0,
        });
      }
    }
    if (side === "prompt") {
      for (const regex of PROBES) {
        for (const m of text.matchAll(regex))
          hits.push({ reason: "identity_probe", term: m[0], index: m.index ?? 0, end: 0 });
      }
    }
    // One finding per term; a battle model's own name outranks the same word in the built-in list.
    // "Llama" inside a battle model's "Llama 3.1 8B" adds nothing.
    const battle = hits.filter((h) => h.reason.startsWith("battle_"));
    const inBattleName = (h: (typeof hits)[number]) =>
      h.reason.startsWith("known_") && battle.some((b) => b.index <= h.index && h.end <= b.end);
    const best = new Map<string, (typeof hits)[number]>();
    for (const hit of hits.filter((h) => !inBattleName(h))) {
      const phrase = hit.reason === "self_identification" || hit.reason === "identity_probe";
      const key = `${phrase ? hit.reason : "name"}:${hit.term.toLowerCase()}`;
      const seen = best.get(key);
      if (!seen) best.set(key, hit);
      else if (PRIORITY.indexOf(hit.reason) < PRIORITY.indexOf(seen.reason)) {
        best.set(key, { ...hit, index: Math.min(hit.index, seen.index) });
      } else seen.index = Math.min(hit.index, seen.index);
    }
    return [...best.values()]
      .sort((x, y) => x.index - y.index)
      .map(({ reason, term }) => (side ? { reason, side, term } : { reason, term }));
  };
}

export function detectLeaks(
  text: string,
  options: LeakScanOptions & { models?: LeakIdentity[] } = {},
): LeakFinding[] {
  return createLeakDetector(options.models)(text, options);
}

/** Scans a whole battle: the prompt (including identity probes) and both answers. */
export function detectBattleLeaks(input: {
  prompt: string;
  a?: string;
  b?: string;
  models?: LeakIdentity[];
}): LeakFinding[] {
  const detect = createLeakDetector(input.models);
  return [
    ...detect(input.prompt, { side: "prompt" }),
    ...(input.a ? detect(input.a, { side: "a" }) : []),
    ...(input.b ? detect(input.b, { side: "b" }) : []),
  ];
}
