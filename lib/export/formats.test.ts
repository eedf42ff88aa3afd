import { describe, expect, it } from "vitest";
import { RAW_VOTER_ID, sampleVote } from "./__fixtures__/votes";
import { parseCsv } from "./csv";
import { FORMATS } from "./formats";
import { exportStream } from "./stream";
import type { ExportVote, FormatOptions } from "./types";

const plain: FormatOptions = { includeExcluded: false };
const withExcluded: FormatOptions = { includeExcluded: true };
const json = (v: ExportVote, f: "fastchat" | "fastchat_jsonl" | "arena140k" | "dpo" | "kto", o = plain) =>
  FORMATS[f].rows(v, o).map((l) => JSON.parse(l));

describe("fastchat", () => {
  it("has FastChat's field names in FastChat's order, model_a = the left model", () => {
    const [row] = json(sampleVote(), "fastchat");
    expect(Object.keys(row)).toEqual([
      "question_id",
      "model_a",
      "model_b",
      "winner",
      "judge",
      "conversation_a",
      "conversation_b",
      "turn",
      "anony",
      "language",
      "tstamp",
      "conv_metadata",
    ]);
    // shown_left = b: beta was on the left; A (alpha) won, i.e. the right-hand model.
    expect(row).toMatchObject({ model_a: "beta", model_b: "alpha", winner: "model_b", turn: 1, anony: true });
    expect(row.language).toBe("English");
    expect(row.tstamp).toBe(1772366400.25);
    expect(row.conversation_a).toEqual([
      { role: "user", content: 'Write a, b, and "c"\nplease', num_tokens: expect.any(Number) },
      { role: "assistant", content: "Plain answer, with a comma.", num_tokens: 6 },
    ]);
    expect(row.conversation_b[1]).toEqual({
      role: "assistant",
      content: "# Title\n\n- one\n- two\n\n**bold** text",
      num_tokens: 12,
    });
    expect(row.conversation_a[0].num_tokens).toBeGreaterThan(0);
  });

  it("maps every outcome to FastChat's spelling", () => {
    const winner = (outcome: ExportVote["outcome"], shownLeft: "a" | "b") =>
      json(sampleVote({ outcome, shownLeft }), "fastchat")[0].winner;
    expect(winner("a", "a")).toBe("model_a");
    expect(winner("b", "a")).toBe("model_b");
    expect(winner("b", "b")).toBe("model_a");
    expect(winner("tie", "b")).toBe("tie");
    expect(winner("both_bad", "a")).toBe("tie (bothbad)");
  });

  it("named battles are not anonymous; missing language is unknown; exclusion reason on request", () => {
    const v = sampleVote({
      mode: "named",
      categoryTags: [],
      countsForPublic: false,
      exclusionReason: "named",
    });
    expect(json(v, "fastchat")[0]).toMatchObject({ anony: false, language: "unknown" });
    expect(json(v, "fastchat")[0]).not.toHaveProperty("exclusion_reason");
    expect(json(v, "fastchat", withExcluded)[0].exclusion_reason).toBe("named");
    expect(json(sampleVote(), "fastchat", withExcluded)[0].exclusion_reason).toBeNull();
  });
});

describe("fastchat files", () => {
  async function dumpOf(format: "fastchat" | "fastchat_jsonl", votes: ExportVote[], opts = plain) {
    async function* batches() {
      for (let i = 0; i < votes.length; i += 2) yield votes.slice(i, i + 2);
    }
    return new Response(exportStream(batches(), FORMATS[format], opts)).text();
  }
  const votes = [
    sampleVote(),
    sampleVote({ outcome: "tie" }),
    sampleVote({ outcome: "both_bad", mode: "named" }),
  ];

  it("`fastchat` is one JSON array, as FastChat's json.dump writes it (pd.read_json reads it)", async () => {
    const text = await dumpOf("fastchat", votes);
    const rows = JSON.parse(text);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.map((r: { winner: string }) => r.winner)).toEqual(["model_b", "tie", "tie (bothbad)"]);
    // One battle a line inside the array, so `head` still shows whole battles.
    expect(text.split("\n")).toHaveLength(votes.length + 3);
    expect(JSON.parse(await dumpOf("fastchat", []))).toEqual([]);
    expect(JSON.parse(await dumpOf("fastchat", [sampleVote()], withExcluded))[0].exclusion_reason).toBeNull();
  });

  it("`fastchat_jsonl` has the same rows, one a line", async () => {
    const lines = (await dumpOf("fastchat_jsonl", votes)).split("\n").filter(Boolean);
    expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(await dumpOf("fastchat", votes)));
  });

  it("rows carry conv_metadata with every key FastChat's style control reads", () => {
    const [row] = json(sampleVote(), "fastchat");
    const m = row.conv_metadata;
    // rating_systems.py: STYLE_CONTROL_ELEMENTS_V1, an int or a dict whose values are summed.
    for (const side of ["a", "b"]) {
      expect(m[`sum_assistant_${side}_tokens`]).toEqual(expect.any(Number));
      expect(Object.keys(m[`header_count_${side}`])).toEqual(["h1", "h2", "h3", "h4", "h5", "h6"]);
      expect(Object.keys(m[`list_count_${side}`])).toEqual(["ordered", "unordered"]);
      expect(Object.keys(m[`bold_count_${side}`])).toEqual(["**", "__"]);
    }
    // model_a is the left model (beta): its answer is the plain one; b has the markdown.
    expect(m.header_count_b.h1).toBe(1);
    expect(m.list_count_b.unordered).toBe(2);
    expect(m.bold_count_b["**"]).toBe(1);
    expect(m.header_count_a.h1).toBe(0);
    const stored = '{"sum_assistant_a_tokens":7}';
    expect(json(sampleVote({ convMetadata: stored }), "fastchat")[0].conv_metadata).toEqual(
      JSON.parse(stored),
    );
  });
});

describe("arena140k", () => {
  it("has the 140k field names, winner spellings and style metadata per side", () => {
    const [row] = json(sampleVote({ outcome: "both_bad" }), "arena140k");
    expect(Object.keys(row)).toEqual([
      "id",
      "model_a",
      "model_b",
      "winner",
      "evaluation_session_id",
      "evaluation_order",
      "conversation_a",
      "conversation_b",
      "full_conversation",
      "conv_metadata",
      "category_tag",
      "language",
      "is_code",
      "timestamp",
    ]);
    expect(row).toMatchObject({
      model_a: "beta",
      model_b: "alpha",
      winner: "both_bad",
      evaluation_session_id: "fedcba9876543210fedcba9876543210",
      evaluation_order: 3,
    });
    // lmarena's full_conversation: one element a turn, the left model as model_side_a.
    expect(row.full_conversation).toEqual([
      {
        user: { role: "user", content: [expect.objectContaining({ text: 'Write a, b, and "c"\nplease' })] },
        model_side_a: {
          role: "assistant",
          content: [expect.objectContaining({ text: "Plain answer, with a comma." })],
        },
        model_side_b: {
          role: "assistant",
          content: [expect.objectContaining({ text: "# Title\n\n- one\n- two\n\n**bold** text" })],
        },
      },
    ]);
    expect(row.conversation_b[1]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "# Title\n\n- one\n- two\n\n**bold** text", image: null, mimeType: null },
      ],
    });
    const m = row.conv_metadata;
    expect(m.sum_assistant_a_tokens).toBe(6);
    expect(m.sum_assistant_b_tokens).toBe(12);
    expect(m.header_count_b).toEqual({ h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 });
    expect(m.list_count_b).toEqual({ ordered: 0, unordered: 2 });
    expect(m.bold_count_b).toEqual({ "**": 1, __: 0 });
    expect(m.header_count_a.h1 + m.list_count_a.unordered + m.bold_count_a["**"]).toBe(0);
    // Single turn: the context is the prompt alone.
    expect(m.context_a_tokens).toBe(m.sum_user_tokens);
    expect(m.context_b_tokens).toBe(m.sum_user_tokens);
    expect(m.turns).toBe(1);
    expect(row).toMatchObject({ language: "en", is_code: true, timestamp: "2026-03-01 12:00:00.250" });
    // ISO 639-1 codes whatever the corpus wrote; unknown otherwise.
    const lang = (tag: string) => json(sampleVote({ categoryTags: [tag] }), "arena140k")[0].language;
    expect([lang("lang:English"), lang("lang:en-US"), lang("lang:deu"), lang("lang:klingonish")]).toEqual([
      "en",
      "en",
      "de",
      "unknown",
    ]);
    expect(row.category_tag).toEqual({
      pairwise_arena_tags_v1: { tags: ["code", "corpus:demo", "lang:en"] },
    });
  });

  it("winner spellings", () => {
    const w = (outcome: ExportVote["outcome"]) =>
      json(sampleVote({ outcome, shownLeft: "a" }), "arena140k")[0].winner;
    expect([w("a"), w("b"), w("tie"), w("both_bad")]).toEqual(["model_a", "model_b", "tie", "both_bad"]);
  });

  it("multi-turn context counts earlier turns", () => {
    const v = sampleVote();
    v.turns.push({
      user: { content: "more", tokens: 1 },
      a: { content: "x", tokens: 4 },
      b: { content: "y", tokens: 5 },
    });
    const m = json(v, "arena140k")[0].conv_metadata;
    expect(m.turns).toBe(2);
    expect(m.sum_assistant_b_tokens).toBe(16); // the right side is stored A: 12 + 4
    expect(m.context_b_tokens).toBe(m.sum_user_tokens + 12);
  });
});

describe("kaggle55k", () => {
  it("writes the Kaggle header and JSON-list cells with proper CSV quoting", () => {
    const f = FORMATS.kaggle55k;
    expect(f.header(plain)).toBe(
      "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie",
    );
    const line = f.rows(sampleVote(), plain)[0];
    const [cells] = parseCsv(line);
    expect(cells).toHaveLength(9);
    // The public CSV's ids are integers: the battle's stable number, not its UUID.
    expect(cells.slice(0, 3)).toEqual(["17", "beta", "alpha"]);
    expect(JSON.parse(cells[3])).toEqual(['Write a, b, and "c"\nplease']);
    expect(JSON.parse(cells[4])).toEqual(["Plain answer, with a comma."]);
    expect(JSON.parse(cells[5])).toEqual(["# Title\n\n- one\n- two\n\n**bold** text"]);
    expect(cells.slice(6)).toEqual(["0", "1", "0"]);
    expect(line).toContain('"[""Write a, b, and \\""c\\""');
  });

  it("folds both-bad into winner_tie and appends exclusion_reason on request", () => {
    const f = FORMATS.kaggle55k;
    const v = sampleVote({
      outcome: "both_bad",
      countsForPublic: false,
      exclusionReason: "voter, quarantined",
    });
    expect(parseCsv(f.rows(v, plain)[0])[0].slice(6)).toEqual(["0", "0", "1"]);
    expect(parseCsv(f.header(withExcluded)!)[0].at(-1)).toBe("exclusion_reason");
    expect(parseCsv(f.rows(v, withExcluded)[0])[0].at(-1)).toBe("voter, quarantined");
    expect(parseCsv(f.rows(sampleVote({ outcome: "tie" }), plain)[0])[0].slice(6)).toEqual(["0", "0", "1"]);
  });
});

describe("dpo and kto", () => {
  const standard: FormatOptions = { includeExcluded: false, plainStrings: true };

  it("are in TRL's conversational format by default: messages, so the trainer applies the chat template", () => {
    expect(json(sampleVote(), "dpo")).toEqual([
      {
        prompt: [{ role: "user", content: 'Write a, b, and "c"\nplease' }],
        chosen: [{ role: "assistant", content: "# Title\n\n- one\n- two\n\n**bold** text" }],
        rejected: [{ role: "assistant", content: "Plain answer, with a comma." }],
      },
    ]);
    expect(json(sampleVote({ outcome: "b" }), "kto")[0]).toEqual({
      prompt: [{ role: "user", content: 'Write a, b, and "c"\nplease' }],
      completion: [{ role: "assistant", content: "Plain answer, with a comma." }],
      label: true,
    });
  });

  it("DPO: a decisive vote gives one pair; ties and both-bad give none", () => {
    expect(json(sampleVote(), "dpo", standard)).toEqual([
      {
        prompt: 'Write a, b, and "c"\nplease',
        chosen: "# Title\n\n- one\n- two\n\n**bold** text",
        rejected: "Plain answer, with a comma.",
      },
    ]);
    expect(json(sampleVote({ outcome: "tie" }), "dpo")).toEqual([]);
    expect(json(sampleVote({ outcome: "both_bad" }), "dpo")).toEqual([]);
  });

  it("KTO: win = desirable + undesirable, both-bad = two undesirable, tie = none", () => {
    expect(json(sampleVote({ outcome: "b" }), "kto", standard)).toEqual([
      { prompt: 'Write a, b, and "c"\nplease', completion: "Plain answer, with a comma.", label: true },
      {
        prompt: 'Write a, b, and "c"\nplease',
        completion: "# Title\n\n- one\n- two\n\n**bold** text",
        label: false,
      },
    ]);
    expect(json(sampleVote({ outcome: "both_bad" }), "kto").map((r) => r.label)).toEqual([false, false]);
    expect(json(sampleVote({ outcome: "tie" }), "kto")).toEqual([]);
  });

  it("multi-turn battles give no training rows", () => {
    const v = sampleVote();
    v.turns.push({ user: { content: "u", tokens: 1 }, a: { content: "x", tokens: 1 }, b: null });
    expect(json(v, "dpo")).toEqual([]);
    expect(json(v, "kto")).toEqual([]);
  });

  it("field names are exactly TRL's", () => {
    expect(Object.keys(json(sampleVote(), "dpo")[0])).toEqual(["prompt", "chosen", "rejected"]);
    expect(Object.keys(json(sampleVote(), "kto")[0])).toEqual(["prompt", "completion", "label"]);
    expect(Object.keys(json(sampleVote(), "kto", withExcluded)[0])).toEqual([
      "prompt",
      "completion",
      "label",
      "exclusion_reason",
    ]);
  });
});

describe("explanations (reasons, why, per-criterion answers)", () => {
  const explained = sampleVote({
    explanation: {
      reasons: ["correct", "too_long"],
      rationale: 'B, "the long one", rambled',
      criteria: { correctness: "left", style: "tie" },
    },
  });
  const optIn: FormatOptions = { includeExcluded: false, explanations: true };

  it("fastchat and arena140k carry them as extra keys, criteria in the winner's spelling", () => {
    for (const f of ["fastchat", "fastchat_jsonl", "arena140k"] as const) {
      const row = json(explained, f)[0];
      expect(row.vote_reasons, f).toEqual(["correct", "too_long"]);
      expect(row.vote_rationale, f).toBe('B, "the long one", rambled');
      expect(row.vote_criteria, f).toEqual({ correctness: "model_a", style: "tie" });
      // Without criteria the key is absent, and without any explanation the row is as before.
      const noCriteria = json(sampleVote({ explanation: { reasons: [], rationale: "why" } }), f)[0];
      expect("vote_criteria" in noCriteria, f).toBe(false);
      expect(FORMATS[f].rows(sampleVote({ explanation: null }), plain)).toEqual(
        FORMATS[f].rows(sampleVote(), plain),
      );
    }
  });

  it("kaggle55k, DPO and KTO add them only on request, in every row (null where none)", () => {
    const k = FORMATS.kaggle55k;
    expect(k.header(optIn)).toBe(
      "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,vote_reasons,vote_rationale,vote_criteria",
    );
    expect(parseCsv(k.header({ ...optIn, includeExcluded: true })!)[0].slice(-2)).toEqual([
      "vote_criteria",
      "exclusion_reason",
    ]);
    const [cells] = parseCsv(k.rows(explained, optIn)[0]);
    expect(JSON.parse(cells[9])).toEqual(["correct", "too_long"]);
    expect(cells[10]).toBe('B, "the long one", rambled');
    expect(JSON.parse(cells[11])).toEqual({ correctness: "model_a", style: "tie" });
    expect(parseCsv(k.rows(sampleVote(), optIn)[0])[0].slice(9)).toEqual(["", "", ""]);
    expect(k.rows(explained, plain)).toEqual(k.rows(sampleVote(), plain));

    const dpo = json(explained, "dpo", optIn)[0];
    expect(Object.keys(dpo)).toEqual([
      "prompt",
      "chosen",
      "rejected",
      "vote_reasons",
      "vote_rationale",
      "vote_criteria",
    ]);
    expect(dpo.vote_criteria).toEqual({ correctness: "model_a", style: "tie" });
    const kto = json(sampleVote({ outcome: "b" }), "kto", optIn);
    expect(kto.map((r) => [r.vote_reasons, r.vote_rationale, r.vote_criteria])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(json(explained, "dpo")).toEqual(json(sampleVote(), "dpo"));
  });
});

describe("every format", () => {
  it("never contains a raw voter id (only the pseudonym the query put in)", () => {
    for (const f of Object.values(FORMATS)) {
      const text = [f.header(withExcluded), ...f.rows(sampleVote(), withExcluded)].join("\n");
      expect(text).not.toContain(RAW_VOTER_ID);
    }
  });
});
