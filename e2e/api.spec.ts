import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { query } from "./db";
import { ArenaPage } from "./pages/arena-page";

// The JSON vote API, driven with the voter cookie the arena page issued.
test.describe("vote API rejects bad input clearly and loses nothing", () => {
  test("double, concurrent, unknown, foreign, malformed and oversized votes", async ({ page, browser }) => {
    const arena = new ArenaPage(page);
    await arena.goto();
    const battleId = await arena.waitForBattle();
    const api = page.request;
    const url = `/api/battles/${battleId}/vote`;

    const bad = await api.post(url, {
      data: Buffer.from("{not json"),
      headers: { "content-type": "application/json" },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/Malformed JSON/);

    const wrongType = await api.post(url, { data: { choice: 42 } });
    expect(wrongType.status()).toBe(400);
    expect((await wrongType.json()).error.message).toMatch(/choice/);

    const modelId = await api.post(url, { data: { choice: "left", modelId: "x" } });
    expect(modelId.status()).toBe(400);

    const huge = await api.post(url, { data: { choice: "left", rationale: "x".repeat(100_000) } });
    expect(huge.status()).toBe(413);
    expect((await huge.json()).error.message).toMatch(/exceeds/);

    const unknown = await api.post(`/api/battles/${randomUUID()}/vote`, { data: { choice: "left" } });
    expect(unknown.status()).toBe(404);
    const notUuid = await api.post(`/api/battles/not-a-uuid/vote`, { data: { choice: "left" } });
    expect(notUuid.status()).toBe(404);

    // Another browser context has another voter cookie: the battle is not theirs.
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await new ArenaPage(strangerPage).goto();
    const foreign = await strangerPage.request.post(url, { data: { choice: "left" } });
    expect(foreign.status()).toBe(403);
    const noCookie = await (await browser.newContext()).request.post(new URL(url, page.url()).toString(), {
      data: { choice: "left" },
    });
    expect(noCookie.status()).toBe(403);
    await stranger.close();

    expect(await query(`SELECT 1 FROM votes WHERE battle_id = $1`, [battleId])).toHaveLength(0);

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post(url, { data: { choice: i % 2 ? "left" : "right" } })),
    );
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b) => b.status === "already_voted")).toHaveLength(19);
    expect(await query(`SELECT 1 FROM votes WHERE battle_id = $1`, [battleId])).toHaveLength(1);

    const again = await api.post(url, { data: { choice: "tie" } });
    expect(again.status()).toBe(200);
    expect((await again.json()).status).toBe("already_voted");
  });
});
