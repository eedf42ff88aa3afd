import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { sampleVote } from "../__fixtures__/votes";
import { exportStream } from "../stream";
import type { ExportVote, FormatOptions } from "../types";
import { arena140k } from "./arena140k";
import { Arena140kParquetEncoder, arena140kParquet } from "./arena140k-parquet";

// The Parquet dump is read back with an independent reader (hyparquet) and must hold
// the JSON Lines dump's rows: same columns, same nested values.

const LABELS = JSON.stringify({
  "criteria_v0.1": {
    specificity: true,
    domain_knowledge: true,
    complexity: false,
    problem_solving: true,
    creativity: false,
    technical_accuracy: true,
    real_world: true,
  },
  "if_v0.1": { if: false, score: 2 },
  "math_v0.1": { math: true },
  "creative_writing_v0.1": { creative_writing: false, score: "no" },
});

function votes(): ExportVote[] {
  const out: ExportVote[] = [];
  for (let i = 0; i < 60; i++) {
    out.push(
      sampleVote({
        battleId: `0b6a1f0e-1111-4222-8333-${String(i).padStart(12, "0")}`,
        outcome: (["a", "b", "tie", "both_bad"] as const)[i % 4],
        shownLeft: i % 3 === 0 ? "a" : "b",
        evaluationOrder: i + 1,
        votedAt: new Date(Date.UTC(2026, 2, 1, 12, 0, i, i)),
        categoryTags: i % 5 === 0 ? [] : ["code", "lang:de"],
        exclusionReason: i % 7 === 0 ? "voter quarantined" : null,
        // The first row has every explanation key, so it names every column.
        explanation:
          i % 4 === 0
            ? {
                reasons: ["correct"],
                rationale: i % 8 === 0 ? "A was right" : null,
                ...(i % 12 === 0 ? { criteria: { style: "left", correctness: "tie" } as const } : {}),
              }
            : null,
        promptLabels: i % 2 === 0 ? LABELS : i % 3 === 0 ? '{"math_v0.1": {"math": false}}' : null,
        turns: Array.from({ length: 1 + (i % 3) }, (_, t) => ({
          user: { content: `prompt ${i}.${t} — naïve 漢字 🙂 "q"\n\\`, tokens: null },
          a: i % 11 === 0 && t === 0 ? null : { content: `# A ${i}\n- x\n**b**`, tokens: 5 },
          b: { content: "x".repeat(i * 7), tokens: null },
        })),
      }),
    );
  }
  return out;
}

/** Values as the JSON rows have them: no nulls or absent keys, numbers not bigints, timestamps as text. */
function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return value;
}

async function readBack(bytes: Uint8Array) {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { metadata: parquetMetadata(file), rows: await parquetReadObjects({ file }) };
}

async function dump(vs: ExportVote[], opts: FormatOptions, batch = 25): Promise<Uint8Array> {
  async function* batches() {
    for (let i = 0; i < vs.length; i += batch) yield vs.slice(i, i + batch);
  }
  return new Uint8Array(await new Response(exportStream(batches(), arena140kParquet, opts)).arrayBuffer());
}

describe("arena140k as Parquet", () => {
  it("round-trips to the JSON Lines dump's rows, with and without excluded votes", async () => {
    const vs = votes();
    for (const includeExcluded of [false, true]) {
      const opts = { includeExcluded };
      const { rows, metadata } = await readBack(await dump(vs, opts));
      const jsonl = vs.map((v) => JSON.parse(arena140k.rows(v, opts)[0]));
      expect(rows).toHaveLength(vs.length);
      expect(Number(metadata.num_rows)).toBe(vs.length);
      expect(Object.keys(rows[0])).toEqual(Object.keys(jsonl[0]));
      expect(rows.map(normalise)).toEqual(jsonl.map(normalise));
    }
  });

  it("keeps lmarena's nested shapes: message lists, struct conv_metadata, category_tag keys", async () => {
    const { rows } = await readBack(await dump(votes().slice(0, 2), { includeExcluded: false }));
    // biome-ignore lint/suspicious/noExplicitAny: the nested shape read back is what this test checks
    const row = rows[0] as Record<string, any>;
    expect(row.conversation_a[0]).toEqual({
      role: "user",
      content: [{ type: "text", text: expect.stringContaining("prompt 0.0"), image: null, mimeType: null }],
    });
    expect(row.full_conversation[0]).toHaveProperty("model_side_b.role", "assistant");
    expect(row.conv_metadata.bold_count_a).toEqual({ "**": expect.any(BigInt), __: expect.any(BigInt) });
    expect(row.category_tag["criteria_v0.1"].technical_accuracy).toBe(true);
    expect(row.category_tag["if_v0.1"]).toEqual({ if: false, score: 2n });
    expect(row.timestamp).toEqual(new Date("2026-03-01T12:00:00.000Z"));
    // A category the prompt has no label for is null (hyparquet reads a null struct as undefined).
    expect(rows[1].category_tag["criteria_v0.1"] ?? null).toBeNull();
    expect(rows[1].category_tag.pairwise_arena_tags_v1).toEqual({ tags: ["code", "lang:de"] });
  });

  it("writes row groups as it goes, never holding more than one", () => {
    const enc = new Arena140kParquetEncoder(
      { includeExcluded: false },
      { groupBytes: 1 << 30, groupRows: 40 },
    );
    const vs = votes();
    const sizes: number[] = [];
    for (let i = 0; i < vs.length; i += 10) {
      enc.add(vs.slice(i, i + 10));
      sizes.push(enc.take()?.length ?? 0);
    }
    enc.end();
    // The header at once, then a row group every 40 rows (the 4th batch), not only at the end.
    expect(sizes.map((s) => s > 0)).toEqual([true, false, false, true, false, false]);
    expect(enc.take()?.length).toBeGreaterThan(0);
  });

  it("is a valid empty file when nothing matches", async () => {
    const { rows, metadata } = await readBack(await dump([], { includeExcluded: false }));
    expect(rows).toEqual([]);
    expect(metadata.schema.map((s) => s.name)).toContain("conv_metadata");
  });
});
