import { describe, expect, it } from "vitest";
import { sampleVote } from "./__fixtures__/votes";
import { FORMATS } from "./formats";
import { exportStream, type StreamStats } from "./stream";
import type { ExportVote } from "./types";

function source(batches: ExportVote[][]) {
  const log = { pulled: 0, returned: false };
  async function* gen() {
    try {
      for (const b of batches) {
        log.pulled++;
        yield b;
      }
    } finally {
      log.returned = true;
    }
  }
  return { it: gen(), log };
}

const text = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe("exportStream", () => {
  it("writes the header, then every row of every batch, and reports counts", async () => {
    const { it } = source([[sampleVote(), sampleVote({ outcome: "tie" })], [sampleVote({ outcome: "b" })]]);
    let stats: StreamStats | undefined;
    const out = await text(
      exportStream(
        it,
        FORMATS.kaggle55k,
        { includeExcluded: false },
        {
          onClose: (s) => {
            stats = s;
          },
        },
      ),
    );
    expect(out.split("\r\n")).toHaveLength(1 + 3 + 1); // header, 3 rows, trailing ""
    expect(out.startsWith("id,model_a,")).toBe(true);
    expect(stats).toEqual({ votes: 3, rows: 3, bytes: Buffer.byteLength(out) });
  });

  it("hands out chunks that later writes never overwrite (full buffers given away, small ones copied)", async () => {
    const big = (i: number) =>
      sampleVote({
        turns: [
          {
            user: { content: `q${i}`, tokens: 1 },
            a: { content: `${i}`.repeat(90_000), tokens: 1 },
            b: null,
          },
        ],
      });
    const batches = [Array.from({ length: 20 }, (_, i) => big(i)), [sampleVote()], [big(99)]];
    const { it } = source(batches);
    const reader = exportStream(it, FORMATS.fastchat_jsonl, { includeExcluded: false }).getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThanOrEqual(4); // a batch over 1 MB is split
    const expected = batches
      .flat()
      .map((v) => `${FORMATS.fastchat_jsonl.rows(v, { includeExcluded: false })[0]}\n`);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(expected.join(""));
  });

  it("skips batches that format to nothing and still ends cleanly", async () => {
    const ties = [sampleVote({ outcome: "tie" }), sampleVote({ outcome: "tie" })];
    const { it } = source([ties, ties, [sampleVote()]]);
    const out = await text(exportStream(it, FORMATS.dpo, { includeExcluded: false }));
    expect(out.trim().split("\n")).toHaveLength(1);
  });

  it("reads a batch only when the consumer asks, and closes the source on cancel", async () => {
    const { it, log } = source(Array.from({ length: 100 }, () => [sampleVote()]));
    const reader = exportStream(it, FORMATS.fastchat_jsonl, { includeExcluded: false }).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(log.pulled).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(log.returned).toBe(true);
  });

  it("splits big batches into ~1 MB chunks, keeps multi-byte text intact, and grows for a huge row", async () => {
    const long = "é🙂x".repeat(60_000); // ~300 KB of UTF-8 per answer
    const votes = Array.from({ length: 8 }, (_, i) =>
      sampleVote({
        battleId: `b${i}`,
        turns: [
          {
            user: { content: "p", tokens: 1 },
            a: { content: long, tokens: 1 },
            b: { content: i === 7 ? long.repeat(5) : "y", tokens: 1 },
          },
        ],
      }),
    );
    const { it } = source([votes]);
    const chunks: Uint8Array[] = [];
    const reader = exportStream(it, FORMATS.dpo, { includeExcluded: false, plainStrings: true }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThan(2);
    const text = Buffer.concat(chunks).toString("utf8");
    const rows = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.chosen === long || r.rejected === long)).toBe(true);
    expect(rows[7].rejected.length + rows[7].chosen.length).toBe(long.length * 6);
  });

  it("gives up on a consumer that aborts or stops reading, closing the source once", async () => {
    const aborted = source(Array.from({ length: 100 }, () => [sampleVote()]));
    const ac = new AbortController();
    const reasons: string[] = [];
    const s1 = exportStream(
      aborted.it,
      FORMATS.fastchat_jsonl,
      { includeExcluded: false },
      {
        signal: ac.signal,
        onClose: (_, reason) => reasons.push(reason),
      },
    );
    const reader = s1.getReader();
    await reader.read();
    ac.abort();
    await expect(reader.read()).rejects.toThrow(/abandoned/);
    await new Promise((r) => setTimeout(r, 10));
    expect(aborted.log.returned).toBe(true);

    const stalled = source(Array.from({ length: 100 }, () => [sampleVote()]));
    const s2 = exportStream(
      stalled.it,
      FORMATS.fastchat_jsonl,
      { includeExcluded: false },
      {
        idleMs: 30,
        onClose: (_, reason) => reasons.push(reason),
      },
    );
    await s2.getReader().read(); // then nobody reads again
    await new Promise((r) => setTimeout(r, 100));
    expect(stalled.log.returned).toBe(true);
    expect(reasons).toEqual(["cancelled", "cancelled"]);
  });
});
