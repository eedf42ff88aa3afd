import { parquetReadObjects } from "hyparquet";
import pg from "pg";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { VoteChoice } from "@/lib/arena/sides";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { parseCsv } from "@/lib/export/csv";
import { FORMATS } from "@/lib/export/formats";
import { voterPseudonym } from "@/lib/export/pseudonym";
import { expectedRows } from "@/lib/export/stats";
import { exportStream } from "@/lib/export/stream";
import { DEFAULT_FILTERS, EXPORT_FORMATS, type ExportFilters, type ExportFormatId } from "@/lib/export/types";
import { resetDb } from "@/lib/testing/db";
import { TEST_DATABASE_URL } from "@/lib/testing/db-url";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { cl100kTokens } from "@/lib/text-features/cl100k";
import { db } from "./client";
import { streamVotesForExport } from "./export";
import {
  assertExportFiltersKnown,
  categoryExists,
  findUnknownModelSlugs,
  getExportStats,
  listExportCategories,
} from "./export-stats";
import { migrate } from "./migrate";
import { recordVote } from "./votes";

async function battleModelSlug(battleId: string, side: "a" | "b"): Promise<string> {
  const b = await db.battle.findUniqueOrThrow({
    where: { id: battleId },
    select: { modelA: { select: { slug: true } }, modelB: { select: { slug: true } } },
  });
  return side === "a" ? b.modelA.slug : b.modelB.slug;
}

const SALT = "db-test-export-salt";

async function voteOnNewBattle(
  choice: VoteChoice,
  opts: { voterId?: string; at?: string; before?: (battleId: string) => Promise<unknown> } = {},
) {
  const voterId = opts.voterId ?? newVoterId();
  const battle = await dealCorpusBattle({ voterId });
  if (!battle) throw new Error("expected a battle");
  await opts.before?.(battle.id);
  await recordVote({ battleId: battle.id, voterId, choice });
  if (opts.at)
    await db.vote.update({ where: { battleId: battle.id }, data: { createdAt: new Date(opts.at) } });
  return { battleId: battle.id, voterId };
}

async function dump(
  format: ExportFormatId,
  filters: Partial<ExportFilters> = {},
  batchSize = 5000,
  convMetadata = FORMATS[format].readsConvMetadata,
) {
  const f = { ...DEFAULT_FILTERS, ...filters };
  const it = streamVotesForExport({
    filters: f,
    salt: SALT,
    batchSize,
    convMetadata,
    sessions: FORMATS[format].readsSessions,
    dedup: FORMATS[format].readsDedup,
  });
  const body = new Response(exportStream(it, FORMATS[format], { includeExcluded: f.includeExcluded }));
  if (!FORMATS[format].binary) return body.text();
  // Parquet: its rows read back (hyparquet) as JSON Lines, so the text checks apply to it too.
  const rows = await parquetReadObjects({ file: await body.arrayBuffer() });
  return rows
    .map((r) => `${JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}\n`)
    .join("");
}

const jsonl = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function rowCount(format: ExportFormatId, filters: Partial<ExportFilters> = {}) {
  const text = await dump(format, filters);
  if (format === "kaggle55k") return parseCsv(text).length - 1;
  return format === "fastchat" ? JSON.parse(text).length : jsonl(text).length;
}

/** 12 votes: 3 of each choice by one regular voter, plus excluded, dated and multi-turn cases. */
async function seedVotes() {
  await seedSmallCorpus({ models: 3 });
  const regular = newVoterId();
  const choices: VoteChoice[] = ["left", "right", "tie", "both_bad"];
  for (let i = 0; i < 8; i++)
    await voteOnNewBattle(choices[i % 4], { voterId: regular, at: `2026-01-0${1 + (i % 4)}T12:00:00Z` });
  const named = await voteOnNewBattle("left", {
    at: "2026-01-05T12:00:00Z",
    before: (id) => db.battle.update({ where: { id }, data: { mode: "named" } }),
  });
  const leaked = await voteOnNewBattle("right", {
    at: "2026-01-05T13:00:00Z",
    before: (id) => db.battle.update({ where: { id }, data: { leakFlags: [{ side: "a", term: "x" }] } }),
  });
  const code = await voteOnNewBattle("left", {
    at: "2026-01-06T12:00:00Z",
    before: (id) =>
      db.battle.update({ where: { id }, data: { categoryTags: ["code", "corpus:small", "lang:en"] } }),
  });
  // A second turn, and a regenerated first answer on side a.
  const multi = await voteOnNewBattle("right", {
    at: "2026-01-07T12:00:00Z",
    before: (id) =>
      db.message.createMany({
        data: [
          {
            battleId: id,
            side: "a",
            turn: 0,
            attempt: 1,
            role: "assistant",
            content: "regenerated A",
            tokens: 2,
          },
          { battleId: id, side: null, turn: 1, role: "user", content: "and then?", tokens: 3 },
          { battleId: id, side: "a", turn: 1, role: "assistant", content: "A2", tokens: 1 },
          { battleId: id, side: "b", turn: 1, role: "assistant", content: "B2", tokens: 1 },
        ],
      }),
  });
  return { regular, named, leaked, code, multi };
}

describe("vote export", () => {
  beforeEach(resetDb);

  it("every format's row count matches the database and the stats' prediction", async () => {
    await seedVotes();
    const counted = await db.vote.count({ where: { countsForPublic: true } });
    expect(counted).toBe(10);
    const stats = await getExportStats({ filters: DEFAULT_FILTERS });
    for (const includeExcluded of [false, true]) {
      for (const format of EXPORT_FORMATS) {
        const n = await rowCount(format, { includeExcluded });
        expect(n, `${format} include_excluded=${includeExcluded}`).toBe(
          expectedRows(format, stats, includeExcluded),
        );
      }
    }
    expect(await rowCount("fastchat_jsonl")).toBe(10);
    expect(await rowCount("fastchat_jsonl", { includeExcluded: true })).toBe(12);
  });

  it("puts the left model in model_a with the winner mapped from the stored shown_left", async () => {
    await seedVotes();
    const rows = jsonl(await dump("fastchat_jsonl", { includeExcluded: true }));
    const battles = await db.battle.findMany({ include: { vote: true, modelA: true, modelB: true } });
    for (const row of rows) {
      const b = battles.find((x) => x.id === row.question_id)!;
      const [left, right] = b.shownLeft === "a" ? [b.modelA, b.modelB] : [b.modelB, b.modelA];
      expect([row.model_a, row.model_b]).toEqual([left.slug, right.slug]);
      const o = b.vote!.outcome;
      const expected =
        o === "tie" ? "tie" : o === "both_bad" ? "tie (bothbad)" : o === b.shownLeft ? "model_a" : "model_b";
      expect(row.winner).toBe(expected);
      expect(row.tstamp).toBe(b.vote!.createdAt.getTime() / 1000);
    }
    expect(rows.map((r) => r.tstamp)).toEqual([...rows.map((r) => r.tstamp)].sort((x, y) => x - y));
    // The JSON array FastChat writes holds the same rows, each with conv_metadata.
    const array = JSON.parse(await dump("fastchat", { includeExcluded: true }));
    expect(array).toEqual(rows);
    expect(array.every((r: { conv_metadata: { turns: number } }) => r.conv_metadata.turns >= 1)).toBe(true);
    // Kaggle's integer ids: each battle's stable number.
    const csv = parseCsv(await dump("kaggle55k", { includeExcluded: true })).slice(1);
    const numbers = new Map(battles.map((b) => [b.id, String(b.number)]));
    expect(csv.map((c) => c[0]).sort()).toEqual(rows.map((r) => numbers.get(r.question_id)).sort());
    expect(csv.every((c) => /^[1-9]\d*$/.test(c[0]))).toBe(true);
  });

  it("exports the last attempt and every turn, and numbers each voter's votes", async () => {
    const { multi, regular } = await seedVotes();
    const rows = jsonl(await dump("arena140k"));
    const row = rows.find((r) => r.id === multi.battleId)!;
    const b = await db.battle.findUniqueOrThrow({ where: { id: multi.battleId } });
    const aSide = b.shownLeft === "a" ? "conversation_a" : "conversation_b";
    expect(row[aSide].map((m: { content: { text: string }[] }) => m.content[0].text)).toEqual([
      expect.any(String),
      "regenerated A",
      "and then?",
      "A2",
    ]);
    expect(row.conv_metadata.turns).toBe(2);
    const regularIds = new Set(
      jsonl(await dump("fastchat_jsonl"))
        .filter((r) => r.judge === voterPseudonym(regular, SALT))
        .map((r) => r.question_id),
    );
    // Two votes a day on four days: four sessions of two (a gap over 30 minutes starts one).
    const sessions = new Map<string, number[]>();
    for (const r of rows.filter((x) => regularIds.has(x.id)))
      sessions.set(r.evaluation_session_id, [
        ...(sessions.get(r.evaluation_session_id) ?? []),
        r.evaluation_order,
      ]);
    expect([...sessions.values()]).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(sessions.has(voterPseudonym(regular, SALT))).toBe(false);
    expect(new Set(rows.map((r) => r.evaluation_session_id)).size).toBe(4 + 2); // regular's, code, multi
    // A session's id and order do not change when later votes are left out (or cast).
    const early = jsonl(await dump("arena140k", { to: new Date("2026-01-03T00:00:00Z") }));
    expect(early).toHaveLength(4);
    for (const r of early) {
      const full = rows.find((x) => x.id === r.id);
      expect([r.evaluation_session_id, r.evaluation_order]).toEqual([
        full.evaluation_session_id,
        full.evaluation_order,
      ]);
    }
    expect(jsonl(await dump("dpo")).every((r) => r.prompt !== "and then?")).toBe(true);
  });

  it("filters by date range, category, anonymity and models", async () => {
    const { code, named } = await seedVotes();
    const inJan2to3 = await rowCount("fastchat_jsonl", {
      from: new Date("2026-01-02T00:00:00Z"),
      to: new Date("2026-01-04T00:00:00Z"),
    });
    expect(inJan2to3).toBe(4);
    const codeRows = jsonl(await dump("fastchat_jsonl", { category: "code" }));
    expect(codeRows.map((r) => r.question_id)).toEqual([code.battleId]);
    expect(await rowCount("fastchat_jsonl", { category: "lang:en" })).toBe(10);
    expect(await rowCount("fastchat_jsonl", { category: "nope" })).toBe(0);

    const all = jsonl(await dump("fastchat_jsonl", { includeExcluded: true }));
    const anon = jsonl(await dump("fastchat_jsonl", { includeExcluded: true, anonymousOnly: true }));
    expect(all.map((r) => r.question_id)).toContain(named.battleId);
    expect(anon.map((r) => r.question_id)).not.toContain(named.battleId);
    expect(anon).toHaveLength(all.length - 1);
    expect(all.find((r) => r.question_id === named.battleId)).toMatchObject({
      anony: false,
      exclusion_reason: expect.stringMatching(/named/),
    });
    expect(all.filter((r) => r.exclusion_reason !== null)).toHaveLength(2);

    const pair = jsonl(await dump("fastchat_jsonl", { models: ["model-0", "model-1"] }));
    expect(pair.every((r) => [r.model_a, r.model_b].sort().join() === "model-0,model-1")).toBe(true);
    const either = jsonl(await dump("fastchat_jsonl", { models: ["model-0"], modelsMatch: "either" }));
    const expected = jsonl(await dump("fastchat_jsonl")).filter(
      (r) => r.model_a === "model-0" || r.model_b === "model-0",
    );
    expect(either.map((r) => r.question_id)).toEqual(expected.map((r) => r.question_id));
    expect(await rowCount("fastchat_jsonl", { models: ["model-0"] })).toBe(0);
  });

  it("never writes a raw voter id; the judge is the keyed pseudonym", async () => {
    await seedVotes();
    const voters = (await db.voter.findMany({ select: { id: true } })).map((v) => v.id);
    for (const format of EXPORT_FORMATS) {
      const text = await dump(format, { includeExcluded: true });
      for (const id of voters) expect(text).not.toContain(id);
    }
    const judges = new Set(
      jsonl(await dump("fastchat_jsonl", { includeExcluded: true })).map((r) => r.judge),
    );
    const expectedJudges = new Set((await db.vote.findMany()).map((v) => voterPseudonym(v.voterId, SALT)));
    expect(judges).toEqual(expectedJudges);
  });

  it("gives the same bytes in small batches, and a cancelled export releases its connection", async () => {
    await seedVotes();
    expect(await dump("arena140k", { includeExcluded: true }, 2)).toBe(
      await dump("arena140k", { includeExcluded: true }),
    );
    const it = streamVotesForExport({ filters: DEFAULT_FILTERS, salt: SALT, batchSize: 1 });
    const reader = exportStream(it, FORMATS.fastchat_jsonl, { includeExcluded: false }).getReader();
    await reader.read();
    await reader.cancel();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const { rows } = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'arena-export' AND datname = current_database()",
    );
    await admin.end();
    expect(rows[0].n).toBe(0);
  });

  it("copies the conv_metadata stored with each vote: the same bytes as counting the answers at export time", async () => {
    const { multi } = await seedVotes();
    const stored = await db.vote.findUniqueOrThrow({ where: { battleId: multi.battleId } });
    // The regenerated answer counts, not the first attempt; both turns, screen order.
    expect(stored.convMetadata).toMatchObject({ turns: 2, sum_user_tokens: expect.any(Number) });
    const meta = stored.convMetadata as Record<string, number>;
    const row = jsonl(await dump("arena140k")).find((r) => r.id === multi.battleId);
    expect(row.conv_metadata).toEqual(meta);
    const aIsLeft = row.model_a === (await battleModelSlug(multi.battleId, "a"));
    // One tokenizer (cl100k) for every count; the provider's own counts (2 and 1) stay out.
    expect(meta[aIsLeft ? "sum_assistant_a_tokens" : "sum_assistant_b_tokens"]).toBe(
      cl100kTokens("regenerated A") + cl100kTokens("A2"),
    );
    const messages = await db.message.findMany({
      where: { battleId: multi.battleId, content: "regenerated A" },
    });
    expect(messages.map((m) => [m.tokens, m.numTokens])).toEqual([[2, cl100kTokens("regenerated A")]]);
    const counted = await dump("arena140k", { includeExcluded: true }, 5000, false);
    expect(await dump("arena140k", { includeExcluded: true })).toBe(counted);
    // A vote stored without it (before the column existed) is counted at export time...
    await db.$executeRaw`UPDATE votes SET conv_metadata = NULL`;
    await db.$executeRaw`UPDATE messages SET num_tokens = NULL`;
    expect(await dump("arena140k", { includeExcluded: true })).toBe(counted);
    // ...until migrate()'s backfill fills it in with what recordVote stored.
    const result = await migrate(TEST_DATABASE_URL);
    expect(result.backfilled).toBe(await db.vote.count());
    const refilled = await db.vote.findUniqueOrThrow({ where: { battleId: multi.battleId } });
    expect(JSON.stringify(refilled.convMetadata)).toBe(JSON.stringify(stored.convMetadata));
    expect(refilled.styleFeatures).toEqual(stored.styleFeatures);
    expect(await db.message.count({ where: { numTokens: null, battle: { vote: { isNot: null } } } })).toBe(0);
    expect((await migrate(TEST_DATABASE_URL)).backfilled).toBe(0);
  });

  it("holds Postgres back while the download is not read, and a cancel ends the query at once", async () => {
    await seedVotes();
    // 13 votes of ~8 MB: more than the socket buffers between Postgres and us can hold.
    await db.$executeRaw`UPDATE messages SET content = repeat('x', 4000000) WHERE side IS NOT NULL`;
    const it = streamVotesForExport({ filters: DEFAULT_FILTERS, salt: SALT, batchSize: 1 });
    const first = await it.next();
    expect(first.done).toBe(false);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const backend = async () =>
      (
        await admin.query<{ state: string; wait_event: string | null }>(
          "SELECT state, wait_event FROM pg_stat_activity WHERE application_name = 'arena-export' AND datname = current_database()",
        )
      ).rows;
    // Not reading: Postgres still waits to write (ClientWrite) well after it could have
    // sent the whole dump, instead of us buffering it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await backend()).toEqual([{ state: "active", wait_event: "ClientWrite" }]);
    const started = performance.now();
    await it.return();
    await vi.waitFor(async () => expect(await backend()).toEqual([]), { timeout: 5000 });
    expect(performance.now() - started).toBeLessThan(2000);
    await admin.end();
  });

  it("an empty database gives empty dumps (CSV: header only)", async () => {
    expect(await dump("fastchat_jsonl")).toBe("");
    expect(JSON.parse(await dump("fastchat"))).toEqual([]);
    expect(parseCsv(await dump("kaggle55k"))).toHaveLength(1);
  });
});

describe("export stats", () => {
  beforeEach(resetDb);

  it("reuses the counts until a vote is added, (un)counted or deleted", async () => {
    await seedVotes();
    const total = (s: { groups: { votes: number }[] }) => s.groups.reduce((n, g) => n + g.votes, 0);
    const counted = (s: { groups: { votes: number; counted: boolean }[] }) =>
      s.groups.filter((g) => g.counted).reduce((n, g) => n + g.votes, 0);
    const scans = vi.spyOn(db, "$queryRawUnsafe");
    try {
      const first = await getExportStats({ filters: DEFAULT_FILTERS });
      const after = scans.mock.calls.length;
      expect(await getExportStats({ filters: DEFAULT_FILTERS })).toEqual(first);
      expect(scans.mock.calls.length).toBe(after); // no second scan of the votes
      // Another filter set is counted on its own.
      expect(total(await getExportStats({ filters: { ...DEFAULT_FILTERS, category: "code" } }))).toBe(1);

      await voteOnNewBattle("left");
      expect(total(await getExportStats({ filters: DEFAULT_FILTERS }))).toBe(13);
      expect(counted(await getExportStats({ filters: DEFAULT_FILTERS }))).toBe(counted(first) + 1);

      await db.$executeRaw`
        UPDATE votes SET counts_for_public = false, exclusion_reason = 'voter quarantined'
        WHERE id = (SELECT id FROM votes WHERE counts_for_public ORDER BY created_at LIMIT 1)`;
      expect(counted(await getExportStats({ filters: DEFAULT_FILTERS }))).toBe(counted(first));

      await db.$executeRaw`DELETE FROM votes WHERE id = (SELECT id FROM votes ORDER BY created_at LIMIT 1)`;
      expect(total(await getExportStats({ filters: DEFAULT_FILTERS }))).toBe(12);
    } finally {
      scans.mockRestore();
    }
  });

  it("with maxStaleMs serves the last slow count at once and recounts behind it; a fast count is always exact", async () => {
    await seedVotes();
    const total = (s: { groups: { votes: number }[] }) => s.groups.reduce((n, g) => n + g.votes, 0);
    const filters = { ...DEFAULT_FILTERS, anonymousOnly: true }; // a memo entry of its own
    const first = await getExportStats({ filters, slowCountMs: 0 }); // every count is "slow" here
    await voteOnNewBattle("left");
    const stale = await getExportStats({ filters, maxStaleMs: 60_000, slowCountMs: 0 });
    expect(stale).toEqual({ ...first, stale: true });
    expect(first.stale).toBeUndefined();
    // The recount behind it lands in the memo; then the same call gives the new counts.
    await vi.waitFor(async () =>
      expect(total(await getExportStats({ filters, maxStaleMs: 60_000, slowCountMs: 0 }))).toBe(
        total(first) + 1,
      ),
    );
    const fresh = await getExportStats({ filters, maxStaleMs: 60_000, slowCountMs: 0 });
    expect(fresh.countedAt.getTime()).toBeGreaterThanOrEqual(first.countedAt.getTime());
    // Without maxStaleMs (the dataset card), or when counting was fast, counts are exact.
    await voteOnNewBattle("left");
    expect(total(await getExportStats({ filters }))).toBe(total(first) + 2);
    await voteOnNewBattle("left");
    expect(total(await getExportStats({ filters, maxStaleMs: 60_000 }))).toBe(total(first) + 3);
  });

  it("counts votes per reason and category, and knows categories and models", async () => {
    await seedVotes();
    const stats = await getExportStats({ filters: DEFAULT_FILTERS });
    const total = stats.groups.reduce((n, g) => n + g.votes, 0);
    expect(total).toBe(12);
    const reasons = stats.groups.filter((g) => !g.counted).map((g) => g.reason);
    expect(reasons.sort()).toEqual([expect.stringMatching(/identity/), expect.stringMatching(/named/)]);
    expect(stats.groups.filter((g) => g.multiTurn).reduce((n, g) => n + g.votes, 0)).toBe(1);
    expect(stats.categories.find((c) => c.tag === "code")).toEqual({ tag: "code", total: 1, counted: 1 });
    expect(stats.categories.find((c) => c.tag === "lang:en")).toEqual({
      tag: "lang:en",
      total: 12,
      counted: 10,
    });
    expect(stats.firstVoteAt).toEqual(new Date("2026-01-01T12:00:00Z"));
    expect(await listExportCategories()).toEqual(["code", "corpus:small", "lang:en"]);
    expect(await categoryExists({ tag: "code" })).toBe(true);
    expect(await categoryExists({ tag: "nope" })).toBe(false);
    expect(await findUnknownModelSlugs({ slugs: ["model-1", "ghost"] })).toEqual(["ghost"]);
    await expect(
      assertExportFiltersKnown({ filters: { ...DEFAULT_FILTERS, category: "nope" } }),
    ).rejects.toMatchObject({ code: "not_found", message: expect.stringMatching(/Known: overall, code/) });
    await expect(
      assertExportFiltersKnown({ filters: { ...DEFAULT_FILTERS, models: ["model-1", "ghost"] } }),
    ).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/ghost/) });
    await assertExportFiltersKnown({
      filters: { ...DEFAULT_FILTERS, category: "code", models: ["model-1"] },
    });
  });
});
