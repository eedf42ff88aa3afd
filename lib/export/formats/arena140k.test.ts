import { describe, expect, it } from "vitest";
import { countMarkdown } from "@/lib/text-features/markdown";
import { sampleVote } from "../__fixtures__/votes";
import { convMetadataJson } from "../conv-metadata";
import { languageCode, type ScreenTurn, tokensOf, toScreenOrder } from "../conversation";
import { exportStream } from "../stream";
import type { ExportMessage, ExportTurn, ExportVote, FormatOptions } from "../types";
import { ARENA140K_WINNER, arena140k } from "./arena140k";

// The formatter writes JSON text by hand; the reference is the object form it
// replaced, serialised by JSON.stringify. Both must give the same bytes.

type Side = "left" | "right";

function referenceRow(vote: ExportVote, opts: FormatOptions): string {
  const message = (role: "user" | "assistant", m: ExportMessage | null) => ({
    role,
    content: [{ type: "text", text: m?.content ?? "", image: null, mimeType: null }],
  });
  const conversation = (turns: ScreenTurn[], side: Side) =>
    turns.flatMap((t) => [message("user", t.user), message("assistant", t[side])]);
  const sideStats = (turns: ScreenTurn[], side: Side, user: number) => {
    const answers = turns.map((t) => t[side]);
    const assistant = answers.reduce((s, m) => s + tokensOf(m), 0);
    const md = countMarkdown(answers.map((m) => m?.content ?? "").join("\n"));
    return { assistant, md, context: user + assistant - tokensOf(answers.at(-1) ?? null) };
  };
  const s = toScreenOrder(vote);
  const user = s.turns.reduce((n, t) => n + tokensOf(t.user), 0);
  const a = sideStats(s.turns, "left", user);
  const b = sideStats(s.turns, "right", user);
  const obj: Record<string, unknown> = {
    id: vote.battleId,
    model_a: s.left,
    model_b: s.right,
    winner: ARENA140K_WINNER[s.winner],
    evaluation_session_id: vote.sessionId,
    evaluation_order: vote.evaluationOrder,
    conversation_a: conversation(s.turns, "left"),
    conversation_b: conversation(s.turns, "right"),
    full_conversation: s.turns.map((t) => ({
      user: message("user", t.user),
      model_side_a: message("assistant", t.left),
      model_side_b: message("assistant", t.right),
    })),
    conv_metadata: {
      sum_assistant_a_tokens: a.assistant,
      header_count_a: a.md.header,
      list_count_a: a.md.list,
      bold_count_a: a.md.bold,
      context_a_tokens: a.context,
      sum_assistant_b_tokens: b.assistant,
      header_count_b: b.md.header,
      list_count_b: b.md.list,
      bold_count_b: b.md.bold,
      context_b_tokens: b.context,
      sum_user_tokens: user,
      turns: s.turns.length,
    },
    category_tag: { pairwise_arena_tags_v1: { tags: vote.categoryTags } },
    language: languageCode(vote.categoryTags) ?? "unknown",
    is_code: vote.categoryTags.includes("code"),
    timestamp: vote.votedAt.toISOString().replace("T", " ").replace("Z", ""),
  };
  if (opts.includeExcluded) obj.exclusion_reason = vote.exclusionReason;
  return JSON.stringify(obj);
}

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

// Markdown-ish pieces plus everything JSON has to escape: quotes, backslashes,
// control characters, non-ASCII, astral characters and a lone surrogate.
const PIECES = [
  "# Title\n",
  "## Sub\n",
  "- item\n",
  "1. first\n",
  "**bold** ",
  "__under__ ",
  '```js\nconst x = "y";\n```\n',
  'say "hi" ',
  "back\\slash ",
  "tab\there ",
  "\r\n",
  "\u0000\u0001\u001f\u007f ",
  "naïve café ",
  "漢字 ",
  "🙂 ",
  "\u2028\u2029 ",
  "\ud800 lone ",
  "plain words and more plain words ",
];

function randomVote(rand: () => number): ExportVote {
  const text = () =>
    Array.from({ length: Math.floor(rand() * 12) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join(
      "",
    );
  const msg = (): ExportMessage => ({
    content: text(),
    tokens: rand() < 0.5 ? null : Math.floor(rand() * 500),
  });
  const turns: ExportTurn[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
    user: msg(),
    a: rand() < 0.1 ? null : msg(),
    b: rand() < 0.1 ? null : msg(),
  }));
  const tags = [["code", "lang:en"], ["lang:de"], [], ['we"ird', "lang:x\\y"]][Math.floor(rand() * 4)];
  return sampleVote({
    outcome: (["a", "b", "tie", "both_bad"] as const)[Math.floor(rand() * 4)],
    shownLeft: rand() < 0.5 ? "a" : "b",
    evaluationOrder: 1 + Math.floor(rand() * 1000),
    votedAt: new Date(1_700_000_000_000 + Math.floor(rand() * 1e11)),
    modelA: rand() < 0.5 ? "alpha" : 'mo"del\u00e9',
    categoryTags: tags,
    countsForPublic: rand() < 0.5,
    exclusionReason: rand() < 0.5 ? null : "voter quarantined",
    turns,
  });
}

describe("arena140k rows", () => {
  const rand = rng(7);
  const votes = [
    sampleVote(),
    sampleVote({ outcome: "both_bad" }),
    ...Array.from({ length: 400 }, () => randomVote(rand)),
  ];

  it("are byte-identical to JSON.stringify of the object form", () => {
    for (const includeExcluded of [false, true]) {
      for (const v of votes) {
        expect(arena140k.rows(v, { includeExcluded })).toEqual([referenceRow(v, { includeExcluded })]);
      }
    }
  });

  it("copy a vote's stored conv_metadata as it is, and count it from the answers when there is none", () => {
    const stored = '{"sum_assistant_a_tokens":99,"turns":1}';
    const [withStored] = arena140k.rows(sampleVote({ convMetadata: stored }), { includeExcluded: false });
    expect(JSON.parse(withStored).conv_metadata).toEqual(JSON.parse(stored));
    // What recordVote stores is what the export would count: the same function, same text.
    for (const v of votes.slice(0, 50)) {
      const counted = convMetadataJson(toScreenOrder(v).turns);
      expect(arena140k.rows({ ...v, convMetadata: counted }, { includeExcluded: true })).toEqual(
        arena140k.rows(v, { includeExcluded: true }),
      );
    }
  });

  it("stream as the same bytes (written straight into the output buffer)", async () => {
    for (const includeExcluded of [false, true]) {
      async function* batches() {
        for (let i = 0; i < votes.length; i += 50) yield votes.slice(i, i + 50);
      }
      const body = await new Response(exportStream(batches(), arena140k, { includeExcluded })).text();
      expect(body).toBe(votes.map((v) => `${referenceRow(v, { includeExcluded })}\n`).join(""));
    }
  });
});
