import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screenThrottle } from "./screen-throttle";

describe("screenThrottle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("screens the first vote at once, folds the votes of the pause into one run at its end", async () => {
    const runs: string[] = [];
    const t = screenThrottle(async (key, ip: string) => void runs.push(`${key}@${ip}`), 5000);
    t.request("v1", "ip-a");
    t.request("v1", "ip-b");
    t.request("v1", "ip-c");
    t.request("v2", "ip-z");
    expect(runs).toEqual(["v1@ip-a", "v2@ip-z"]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    // v1's later votes, once, with the newest address; v2 had none.
    expect(runs).toEqual(["v1@ip-a", "v2@ip-z", "v1@ip-c"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.size()).toBe(0);
    t.request("v1", "ip-d");
    expect(runs.at(-1)).toBe("v1@ip-d");
  });

  it("keeps going after a failed screening", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let calls = 0;
    const t = screenThrottle(async () => {
      calls++;
      throw new Error("database down");
    }, 1000);
    t.request("v", null);
    await vi.advanceTimersByTimeAsync(0);
    t.request("v", null);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
