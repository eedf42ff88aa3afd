import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/arena/live-types";
import { applyEvent, failStream, initialConversation, isBusy, lastTurn, resetForStream } from "./live-state";

const run = (events: LiveEvent[], state = initialConversation("hi", false)) =>
  events.reduce((s, e) => applyEvent(s, e, 1000), state);

describe("live conversation state", () => {
  it("accumulates text per side and settles when the stream ends", () => {
    const s = run([
      { type: "start", side: "left", turn: 0, attempt: 0 },
      { type: "start", side: "right", turn: 0, attempt: 0 },
      { type: "delta", side: "left", text: "Hel" },
      { type: "delta", side: "right", text: "Yo" },
      { type: "delta", side: "left", text: "lo" },
      { type: "done", side: "left", finishReason: "stop", tokens: 2, latencyMs: 30 },
    ]);
    expect(lastTurn(s).left).toMatchObject({ text: "Hello", status: "done", tokens: 2 });
    expect(lastTurn(s).right).toMatchObject({ text: "Yo", status: "streaming", startedAt: 1000 });
    expect(isBusy(s)).toBe(true);
    const end = run(
      [
        { type: "stopped", side: "right", reason: "voter" },
        { type: "end", status: "ready" },
      ],
      s,
    );
    expect(lastTurn(end).right).toMatchObject({ text: "Yo", status: "stopped", stoppedBy: "voter" });
    expect(end.settled).toBe("ready");
    expect(isBusy(end)).toBe(false);
  });

  it("shows an error on its side only and keeps the leak flag once set", () => {
    const s = run([
      { type: "leak", side: "prompt" },
      { type: "error", side: "left", kind: "rate_limited", message: "slow down", retryable: true },
      { type: "end", status: "errored" },
    ]);
    expect(s.leak).toBe(true);
    expect(lastTurn(s).left.error).toEqual({ kind: "rate_limited", message: "slow down", retryable: true });
    expect(lastTurn(s).right.status).toBe("waiting");
    const retry = resetForStream(s, ["left"]);
    expect(lastTurn(retry).left).toMatchObject({ status: "waiting", attempt: 1, error: null, text: "" });
    expect(retry.settled).toBe("pending");
  });

  it("turns a failed request into retryable errors on the sides it was for", () => {
    const s = failStream(initialConversation("hi", false), ["left", "right"], "offline");
    expect(lastTurn(s).left.error?.kind).toBe("network");
    expect(lastTurn(s).right.status).toBe("error");
    expect(s.settled).toBe("errored");
  });
});
