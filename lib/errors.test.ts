import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, errorResponse, isDatabaseBusy } from "./errors";
import { runAction } from "./run-action";

// What a request pool with no free connection throws (pg-pool), and Prisma's and Postgres's own "busy".
const poolTimeout = () =>
  Object.assign(new Error("timeout exceeded when trying to connect"), { clientVersion: "7" });
const coded = (code: string) => Object.assign(new Error("busy"), { code });

describe("a busy database", () => {
  it("is recognised by pg's pool timeout, Prisma's P2024/P2028 and Postgres's 53300, nothing else", () => {
    for (const e of [poolTimeout(), coded("P2024"), coded("P2028"), coded("53300")])
      expect(isDatabaseBusy(e)).toBe(true);
    for (const e of [
      new Error("boom"),
      coded("P2002"),
      coded("23505"),
      "timeout exceeded when trying to connect",
      null,
    ])
      expect(isDatabaseBusy(e)).toBe(false);
  });

  it("is a 503 with Retry-After and a sentence for the user from a route, not a 500", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = errorResponse(poolTimeout());
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("2");
    expect(await res.json()).toEqual({
      error: {
        code: "unavailable",
        message: "The arena is busy right now; please try again in a few seconds.",
      },
    });
    warn.mockRestore();
  });

  it("is an `unavailable` result from an action; other unexpected errors still throw", async () => {
    await expect(
      runAction(z.unknown(), null, async () => {
        throw coded("P2028");
      }),
    ).resolves.toMatchObject({ status: "error", code: "unavailable" });
    await expect(
      runAction(z.unknown(), null, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(
      runAction(z.unknown(), null, async () => {
        throw new AppError("conflict", "no");
      }),
    ).resolves.toEqual({ status: "error", code: "conflict", message: "no" });
  });
});
