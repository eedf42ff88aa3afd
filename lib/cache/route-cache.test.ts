import { beforeEach, describe, expect, it } from "vitest";
import { evictCachedRoutes } from "./route-cache";
import RouteCacheHandler from "./route-cache-handler.mjs";

const STORE = Symbol.for("pairwise-arena.route-cache");
const page = (html: string) => ({ kind: "APP_PAGE", html, rscData: new Uint8Array(16) });

describe("in-process route cache", () => {
  beforeEach(() => {
    delete (globalThis as Record<symbol, unknown>)[STORE];
  });

  it("returns what was set, with its time, and null for unknown keys", async () => {
    const h = new RouteCacheHandler();
    expect(await h.get("/leaderboard")).toBeNull();
    const before = Date.now();
    await h.set("/leaderboard", page("<p>a</p>"), { tags: ["_N_T_/leaderboard"] });
    const hit = await h.get("/leaderboard");
    expect(hit?.value).toEqual(page("<p>a</p>"));
    expect(hit?.lastModified).toBeGreaterThanOrEqual(before);
    // Another handler instance (Next makes several) sees the same store.
    expect(await new RouteCacheHandler().get("/leaderboard")).not.toBeNull();
  });

  it("setting null deletes; revalidateTag drops tagged entries only", async () => {
    const h = new RouteCacheHandler();
    await h.set("/a", page("a"), { tags: ["t1"] });
    await h.set("/b", page("b"), { tags: ["t2"] });
    await h.set("/c", page("c"));
    await h.set("/c", null);
    expect(await h.get("/c")).toBeNull();
    await h.revalidateTag(["t1"]);
    expect(await h.get("/a")).toBeNull();
    expect(await h.get("/b")).not.toBeNull();
  });

  it("evicts the least recently used entries beyond its byte budget", async () => {
    const h = new RouteCacheHandler();
    const big = "x".repeat(7 * 1024 * 1024); // ~14 MB as UTF-16: four fit in 64 MB, five do not
    for (let i = 0; i < 4; i++) await h.set(`/p${i}`, page(big));
    await h.get("/p0"); // now the most recently used
    await h.set("/p4", page(big));
    expect(await h.get("/p1")).toBeNull();
    expect(await h.get("/p0")).not.toBeNull();
    expect(await h.get("/p4")).not.toBeNull();
    const s = (globalThis as Record<symbol, { bytes: number }>)[STORE];
    expect(s.bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });

  it("does not store a page whose render began before an eviction (it may show the old data)", async () => {
    const h = new RouteCacheHandler();
    expect(await h.get("/leaderboard")).toBeNull(); // a render starts
    await new Promise((r) => setTimeout(r, 5));
    evictCachedRoutes("/leaderboard"); // a recompute wrote a new snapshot meanwhile
    await new Promise((r) => setTimeout(r, 5));
    await h.set("/leaderboard", page("old"));
    expect(await h.get("/leaderboard")).toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    await h.set("/leaderboard", page("new")); // the render that began after the eviction
    expect((await h.get("/leaderboard"))?.value).toEqual(page("new"));
  });

  it("evictCachedRoutes drops the pages under a path and keeps the rest", async () => {
    expect(evictCachedRoutes("/leaderboard")).toBe(0); // no store yet: nothing to do
    const h = new RouteCacheHandler();
    await h.set("/leaderboard", page("a"));
    await h.set("/leaderboard/lang%3Aen", page("b"));
    await h.set("/data", page("c"));
    expect(evictCachedRoutes("/leaderboard")).toBe(2);
    expect(await h.get("/leaderboard")).toBeNull();
    expect(await h.get("/leaderboard/lang%3Aen")).toBeNull();
    expect(await h.get("/data")).not.toBeNull();
  });
});
