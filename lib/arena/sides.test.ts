import { describe, expect, it } from "vitest";
import {
  choiceFor,
  inScreenOrder,
  OUTCOMES,
  other,
  outcomeFor,
  SCREEN_SIDES,
  STORED_SIDES,
  screenSideOf,
  sideResult,
  storedSideOf,
  VOTE_CHOICES,
} from "./sides";

describe("screen ↔ stored sides", () => {
  it("maps the left screen side to shown_left and the right one to the other stored side", () => {
    expect(storedSideOf("left", "a")).toBe("a");
    expect(storedSideOf("right", "a")).toBe("b");
    expect(storedSideOf("left", "b")).toBe("b");
    expect(storedSideOf("right", "b")).toBe("a");
  });

  it("round-trips every side for either shown_left", () => {
    for (const shownLeft of STORED_SIDES) {
      for (const screen of SCREEN_SIDES)
        expect(screenSideOf(storedSideOf(screen, shownLeft), shownLeft)).toBe(screen);
      for (const side of STORED_SIDES)
        expect(storedSideOf(screenSideOf(side, shownLeft), shownLeft)).toBe(side);
    }
  });

  it("other is an involution without fixed points", () => {
    for (const s of [...STORED_SIDES, ...SCREEN_SIDES] as const) {
      expect(other(other(s as "a"))).toBe(s);
      expect(other(s as "a")).not.toBe(s);
    }
  });

  it("puts the model shown left first", () => {
    expect(inScreenOrder({ a: "A", b: "B" }, "a")).toEqual(["A", "B"]);
    expect(inScreenOrder({ a: "A", b: "B" }, "b")).toEqual(["B", "A"]);
  });
});

describe("outcomes", () => {
  it("stores a click on the left model as a win for the stored side shown left", () => {
    expect(outcomeFor("left", "a")).toBe("a");
    expect(outcomeFor("left", "b")).toBe("b");
    expect(outcomeFor("right", "a")).toBe("b");
    expect(outcomeFor("right", "b")).toBe("a");
    expect(outcomeFor("tie", "b")).toBe("tie");
    expect(outcomeFor("both_bad", "a")).toBe("both_bad");
  });

  it("round-trips every choice and every outcome for either shown_left", () => {
    for (const shownLeft of STORED_SIDES) {
      for (const c of VOTE_CHOICES) expect(choiceFor(outcomeFor(c, shownLeft), shownLeft)).toBe(c);
      for (const o of OUTCOMES) expect(outcomeFor(choiceFor(o, shownLeft), shownLeft)).toBe(o);
    }
  });

  it("is symmetric under swapping A and B: the same click on the same screen names the other stored side", () => {
    for (const c of VOTE_CHOICES) {
      const fromA = outcomeFor(c, "a");
      const fromB = outcomeFor(c, "b");
      if (c === "tie" || c === "both_bad") expect(fromB).toBe(fromA);
      else expect(fromB).toBe(other(fromA as "a"));
    }
  });

  it("the swapped battle (A↔B and shown_left flipped) shows the same winner on the same screen side", () => {
    for (const shownLeft of STORED_SIDES) {
      for (const o of OUTCOMES) {
        const swapped = o === "a" || o === "b" ? other(o) : o;
        expect(choiceFor(swapped, other(shownLeft))).toBe(choiceFor(o, shownLeft));
      }
    }
  });

  it("tells each side whether it won, lost or neither, in stored or screen terms", () => {
    expect(sideResult("a", "a")).toBe("won");
    expect(sideResult("a", "b")).toBe("lost");
    expect(sideResult("left", "right")).toBe("lost");
    expect(sideResult("right", "right")).toBe("won");
    expect(sideResult("tie", "left")).toBe("tie");
    expect(sideResult("both_bad", "b")).toBe("both_bad");
  });
});
