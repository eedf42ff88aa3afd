import { describe, expect, it } from "vitest";
import { latestTurns, type StoredMessage, screenTurns } from "./conversation";

const msg = (turn: number, side: StoredMessage["side"], attempt: number, content: string): StoredMessage => ({
  turn,
  side,
  attempt,
  content,
  tokens: null,
});

describe("latestTurns", () => {
  it("keeps the newest attempt of every slot and orders the turns, whatever order the rows come in", () => {
    const rows = [
      msg(1, "b", 0, "B2"),
      msg(0, "a", 1, "A1 regenerated"),
      msg(1, null, 0, "U2"),
      msg(0, null, 0, "U1"),
      msg(0, "a", 0, "A1"),
      msg(0, "b", 0, "B1"),
      msg(1, "a", 0, "A2"),
      msg(0, "a", 2, "A1 again"),
    ];
    const expected = [
      { user: "U1", a: "A1 again", b: "B1" },
      { user: "U2", a: "A2", b: "B2" },
    ];
    for (const order of [rows, [...rows].reverse()]) {
      const turns = latestTurns(order).map((t) => ({
        user: t.user.content,
        a: t.a?.content,
        b: t.b?.content,
      }));
      expect(turns).toEqual(expected);
    }
  });

  it("leaves a side that never answered empty, and gives no turns for no messages", () => {
    const [t] = latestTurns([msg(0, null, 0, "U"), msg(0, "b", 0, "B")]);
    expect(t.a).toBeNull();
    expect(t.b?.content).toBe("B");
    expect(latestTurns([])).toEqual([]);
  });
});

describe("screenTurns", () => {
  it("puts the model shown on the left first", () => {
    const turns = latestTurns([msg(0, null, 0, "U"), msg(0, "a", 0, "A"), msg(0, "b", 0, "B")]);
    expect(screenTurns(turns, "a")[0]).toMatchObject({ left: { content: "A" }, right: { content: "B" } });
    expect(screenTurns(turns, "b")[0]).toMatchObject({ left: { content: "B" }, right: { content: "A" } });
  });
});
