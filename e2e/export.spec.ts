import { expect, type Page, test } from "@playwright/test";
import { parquetReadObjects } from "hyparquet";
import { parseCsv } from "../lib/export/csv";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

// Votes through the UI, then checks every download, the dataset card, /data and the
// leaderboard API against the database the server writes to.

const CLICKS = ["vote-left", "vote-right", "vote-tie", "vote-both-bad"] as const;
const FASTCHAT_WINNER = {
  "vote-left": "model_a",
  "vote-right": "model_b",
  "vote-tie": "tie",
  "vote-both-bad": "tie (bothbad)",
};

async function voteFour(page: Page): Promise<Map<string, (typeof CLICKS)[number]>> {
  const arena = new ArenaPage(page);
  await arena.goto();
  const voted = new Map<string, (typeof CLICKS)[number]>();
  for (const click of CLICKS) {
    const id = await arena.waitForBattle();
    await page.getByTestId(click).click();
    await arena.expectRevealed();
    voted.set(id, click);
    await page.getByTestId("next-battle").click();
  }
  return voted;
}

/** What the database says each format should hold (the formatters' row rules, in SQL). */
async function expectedCounts() {
  const [c] = await query<{ counted: number; total: number; decisive: number; both_bad: number }>(`
    SELECT count(*) FILTER (WHERE v.counts_for_public)::int AS counted, count(*)::int AS total,
           count(*) FILTER (WHERE v.counts_for_public AND v.outcome IN ('a', 'b') AND NOT m.multi)::int AS decisive,
           count(*) FILTER (WHERE v.counts_for_public AND v.outcome = 'both_bad' AND NOT m.multi)::int AS both_bad
    FROM votes v
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM messages x WHERE x.battle_id = v.battle_id AND x.turn > 0) AS multi) m`);
  return c;
}

const jsonl = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

test("every format downloads, parses and holds as many rows as the database says", async ({ page }) => {
  const voted = await voteFour(page);
  const db = await expectedCounts();
  expect(db.counted).toBeGreaterThanOrEqual(4);
  const api = page.request;

  const fastchat = await api.get("/api/export/votes?format=fastchat");
  expect(fastchat.status()).toBe(200);
  expect(fastchat.headers()["content-type"]).toMatch(/^application\/json/);
  expect(fastchat.headers()["content-disposition"]).toMatch(
    /attachment; filename="pairwise-arena-votes-fastchat-overall-\d{8}\.json"/,
  );
  // One JSON array, as FastChat's clean_battle_data.py writes it (pd.read_json's input).
  const rows: { question_id: string; winner: string; judge: string }[] = JSON.parse(await fastchat.text());
  expect(jsonl(await (await api.get("/api/export/votes?format=fastchat_jsonl")).text())).toEqual(rows);
  expect(rows).toHaveLength(db.counted);
  // The left-hand model is model_a: a click on the left is a model_a win.
  for (const [id, click] of voted) {
    const row = rows.find((r) => r.question_id === id);
    expect(row, id).toBeTruthy();
    expect(row?.winner).toBe(FASTCHAT_WINNER[click]);
    expect(row?.judge).toMatch(/^[0-9a-f]{32}$/);
  }
  const voterIds = await query<{ voter_id: string }>("SELECT DISTINCT voter_id::text FROM votes");
  const all = await (await api.get("/api/export/votes?format=arena140k&include_excluded=true")).text();
  for (const { voter_id } of voterIds) expect(all).not.toContain(voter_id);
  expect(jsonl(all)).toHaveLength(db.total);

  const arena = jsonl(await (await api.get("/api/export/votes?format=arena140k")).text());
  expect(arena).toHaveLength(db.counted);
  // The Parquet file reads back (an independent reader) as the same rows.
  const parquet = await api.get("/api/export/votes?format=arena140k_parquet");
  expect(parquet.headers()["content-type"]).toBe("application/vnd.apache.parquet");
  expect(parquet.headers()["content-disposition"]).toMatch(/\.parquet"$/);
  const body = await parquet.body();
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  const fromParquet = await parquetReadObjects({ file });
  expect(fromParquet.map((r) => [r.id, r.winner, r.evaluation_session_id])).toEqual(
    arena.map((r) => [r.id, r.winner, r.evaluation_session_id]),
  );
  const kaggle = await api.get("/api/export/votes?format=kaggle55k");
  expect(kaggle.headers()["content-type"]).toMatch(/^text\/csv/);
  const csv = parseCsv(await kaggle.text());
  expect(csv[0]).toEqual([
    "id",
    "model_a",
    "model_b",
    "prompt",
    "response_a",
    "response_b",
    "winner_model_a",
    "winner_model_b",
    "winner_tie",
  ]);
  expect(csv.length - 1).toBe(db.counted);
  expect(jsonl(await (await api.get("/api/export/votes?format=dpo")).text())).toHaveLength(db.decisive);
  expect(jsonl(await (await api.get("/api/export/votes?format=kto")).text())).toHaveLength(
    2 * (db.decisive + db.both_bad),
  );

  const card = await api.get("/api/export/votes/card?format=fastchat");
  expect(card.headers()["content-type"]).toMatch(/^text\/markdown/);
  expect(await card.text()).toContain(`**Rows in this file: ${db.counted}.**`);

  const bad = await api.get("/api/export/votes?format=parquet");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/format/);
  const unknown = await api.get("/api/export/votes?category=no-such-category");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.message).toMatch(/Unknown category/);
});

test("/data shows the vote counts and builds download links from the filters", async ({ page }) => {
  await voteFour(page);
  const [c] = await query<{ total: number; counted: number; excluded: number; named: number }>(`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE v.counts_for_public)::int AS counted,
           count(*) FILTER (WHERE NOT v.counts_for_public)::int AS excluded,
           count(*) FILTER (WHERE b.mode = 'named')::int AS named
    FROM votes v JOIN battles b ON b.id = v.battle_id`);
  await page.goto("/data");
  await expect(page.getByRole("heading", { name: "Data", level: 1 })).toBeVisible();
  await expect(page.getByTestId("count-total")).toHaveText(String(c.total));
  await expect(page.getByTestId("count-counted")).toHaveText(String(c.counted));
  await expect(page.getByTestId("count-excluded")).toHaveText(String(c.excluded));
  await expect(page.getByTestId("count-named")).toHaveText(String(c.named));
  // A small arena is counted exactly on every view: no note about a background recount.
  await expect(page.getByTestId("counted-at")).toHaveText(/^Counted at \d\d:\d\d:\d\d UTC\.$/);
  const tags = await query<{ tag: string; n: number }>(`
    SELECT t.tag, count(*)::int AS n FROM votes v JOIN battles b ON b.id = v.battle_id,
      unnest(b.category_tags) AS t(tag) GROUP BY 1`);
  for (const t of tags)
    await expect(page.locator(`[data-testid="category-count"][data-tag="${t.tag}"] td`).nth(1)).toHaveText(
      String(t.n),
    );

  await expect(page.getByTestId("download-fastchat")).toHaveAttribute(
    "href",
    "/api/export/votes?format=fastchat",
  );
  await page.getByLabel("Include votes excluded from the leaderboard").check();
  await expect(page.getByTestId("download-kto")).toHaveAttribute(
    "href",
    "/api/export/votes?format=kto&include_excluded=true",
  );
  await page.getByTestId("update-counts").click();
  await expect(page).toHaveURL(/include_excluded=true/);
  await expect(page.getByLabel("Include votes excluded from the leaderboard")).toBeChecked();
  const card = await page.request.get((await page.getByTestId("card-fastchat").getAttribute("href"))!);
  expect(await card.text()).toContain(`**Rows in this file: ${c.total}.**`);
});

test("the leaderboard API returns the page's numbers, as JSON and CSV, and answers 304", async ({ page }) => {
  await voteFour(page);
  const [{ n }] = await query<{ n: number }>("SELECT count(*)::int AS n FROM votes WHERE counts_for_public");
  // Snapshots are recomputed shortly after votes; compare one snapshot (same vote-set hash) on both sides.
  await expect(async () => {
    const res = await page.request.get("/api/leaderboard?category=overall&kind=plain&format=json");
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.snapshot.votes_counted).toBe(n);
    await page.goto("/leaderboard");
    await expect(page.getByTestId("snapshot-meta")).toContainText(body.snapshot.vote_set_hash.slice(0, 12), {
      timeout: 1000,
    });
    const pageRows = page.getByTestId("leaderboard-row");
    await expect(pageRows).toHaveCount(body.rows.length, { timeout: 1000 });
    for (const r of body.rows) {
      const row = page.locator(`[data-testid="leaderboard-row"][data-model="${r.model}"]`);
      await expect(row.getByTestId("rating")).toHaveText(r.rating.toFixed(0), { timeout: 1000 });
      await expect(row.getByTestId("votes")).toHaveText(String(r.num_battles), { timeout: 1000 });
    }
  }).toPass({ timeout: 20_000 });

  const json = await page.request.get("/api/leaderboard?format=json");
  const etag = json.headers().etag;
  const lastModified = json.headers()["last-modified"];
  expect(etag).toMatch(/^W\/"[0-9a-f-]{36}-json"$/);
  const body = await json.json();
  // How fresh the board is rides along (the ETag is weak: the ratings are what it validates).
  expect(body.freshness.votes_since).toBeGreaterThanOrEqual(0);
  expect(Date.parse(body.freshness.updated_at)).toBeGreaterThanOrEqual(Date.parse(body.snapshot.created_at));
  expect(json.headers()["x-leaderboard-votes-since"]).toBe(String(body.freshness.votes_since));
  const again = await page.request.get("/api/leaderboard?format=json", {
    headers: { "If-None-Match": etag },
  });
  expect(again.status()).toBe(304);
  const since = await page.request.get("/api/leaderboard?format=json", {
    headers: { "If-Modified-Since": lastModified },
  });
  expect(since.status()).toBe(304);

  // Matrices (models² numbers) only on request, under their own validator.
  expect(body.fit.matrices).toBeUndefined();
  const withMatrices = await page.request.get("/api/leaderboard?format=json&matrices=true");
  expect(withMatrices.headers().etag).toBe(etag.replace(/-json"$/, '-json-matrices"'));
  const full = await withMatrices.json();
  expect(full.rows).toEqual(body.rows);
  expect([...full.fit.matrices.models].sort()).toEqual(
    body.rows.map((r: { model: string }) => r.model).sort(),
  );
  expect((await page.request.get("/api/leaderboard?matrices=yes")).status()).toBe(400);

  const csvRes = await page.request.get("/api/leaderboard?category=overall&format=csv");
  expect(csvRes.headers()["content-type"]).toMatch(/^text\/csv/);
  expect(csvRes.headers().etag).not.toBe(etag);
  const csv = parseCsv(await csvRes.text());
  const header = csv[0];
  const records = csv.slice(1).map((cells) => Object.fromEntries(cells.map((v, i) => [header[i], v])));
  if (records[0]?.snapshot_id === body.snapshot.id) {
    expect(records.map((r) => r.model)).toEqual(body.rows.map((r: { model: string }) => r.model));
    expect(records.every((r) => r.votes_counted === String(body.snapshot.votes_counted))).toBe(true);
  }

  expect((await page.request.get("/api/leaderboard?format=xml")).status()).toBe(400);
  const missing = await page.request.get("/api/leaderboard?category=no-such-category");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.message).toMatch(/Unknown category/);
});
