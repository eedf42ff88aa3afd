import type { Reveal, RevealedModel } from "./types";

// Sides and outcomes, and the one mapping between what the voter saw and what is stored.
// Keeping battles anonymous depends on this mapping being right everywhere, so it lives
// here only; nothing else writes `shownLeft === "a" ? … : …`.
//
// Glossary
// - Screen side, "left" / "right": where an answer was shown. The browser only ever
//   knows screen sides (it sends a battle id and a screen side, never a model).
// - Stored side, "a" / "b": the database's labels (battles.model_a_id / model_b_id,
//   messages.side, votes.outcome). A and B are a random draw: A is *not* the left
//   model; battles.shown_left says which stored side was on the left.
// - "Model A" / "Model B" in the UI, and `model_a` / `model_b` in every public dump,
//   mean the LEFT / RIGHT model (FastChat's convention), i.e. screen sides. The
//   database's A/B never leave the server.
// - Outcome: a vote as stored (a / b / tie / both_bad). VoteChoice: the same vote in
//   screen terms (left / right / tie / both_bad), as clicked, revealed and dumped.

export const SCREEN_SIDES = ["left", "right"] as const;
export type ScreenSide = (typeof SCREEN_SIDES)[number];

export const STORED_SIDES = ["a", "b"] as const;
export type StoredSide = (typeof STORED_SIDES)[number];

/** The two votes that name no winner; the fit counts both as half a win each. */
export type NoWinner = "tie" | "both_bad";

export const OUTCOMES = ["a", "b", "tie", "both_bad"] as const;
export type Outcome = StoredSide | NoWinner;

export const VOTE_CHOICES = ["left", "right", "tie", "both_bad"] as const;
export type VoteChoice = ScreenSide | NoWinner;

/** How the UI names the screen sides (and the dumps' model_a / model_b follow it). */
export const SIDE_LABEL: Record<ScreenSide, string> = { left: "Model A", right: "Model B" };

/** How one side did in a vote, from that side's point of view. */
export type SideResult = "won" | "lost" | NoWinner;

export const isNoWinner = (v: string): v is NoWinner => v === "tie" || v === "both_bad";

export function other(side: StoredSide): StoredSide;
export function other(side: ScreenSide): ScreenSide;
export function other(side: StoredSide | ScreenSide): StoredSide | ScreenSide {
  switch (side) {
    case "a":
      return "b";
    case "b":
      return "a";
    case "left":
      return "right";
    case "right":
      return "left";
  }
}

/** The stored side that was shown on `screen`. */
export function storedSideOf(screen: ScreenSide, shownLeft: StoredSide): StoredSide {
  return screen === "left" ? shownLeft : other(shownLeft);
}

/** Where the stored side `side` was shown. */
export function screenSideOf(side: StoredSide, shownLeft: StoredSide): ScreenSide {
  return side === shownLeft ? "left" : "right";
}

/** The stored outcome of what the voter clicked. */
export function outcomeFor(choice: VoteChoice, shownLeft: StoredSide): Outcome {
  return isNoWinner(choice) ? choice : storedSideOf(choice, shownLeft);
}

/** A stored outcome in screen terms: what the reveal shows and what the dumps call the winner. */
export function choiceFor(outcome: Outcome, shownLeft: StoredSide): VoteChoice {
  return isNoWinner(outcome) ? outcome : screenSideOf(outcome, shownLeft);
}

/** The stored pair `{a, b}` as `[left, right]`. */
export function inScreenOrder<T>(pair: { readonly a: T; readonly b: T }, shownLeft: StoredSide): [T, T] {
  return shownLeft === "a" ? [pair.a, pair.b] : [pair.b, pair.a];
}

/** How `side` did when `winner` won; both in the same terms (stored or screen). */
export function sideResult<S extends StoredSide | ScreenSide>(winner: S | NoWinner, side: S): SideResult {
  if (isNoWinner(winner)) return winner;
  return winner === side ? "won" : "lost";
}

/** What the voter is shown after voting: the models in screen order and their vote in screen terms. */
export function revealFor(v: {
  shownLeft: StoredSide;
  modelA: RevealedModel;
  modelB: RevealedModel;
  outcome: Outcome;
  countsForPublic: boolean;
  exclusionReason: string | null;
}): Reveal {
  const [left, right] = inScreenOrder({ a: v.modelA, b: v.modelB }, v.shownLeft);
  return {
    left,
    right,
    choice: choiceFor(v.outcome, v.shownLeft),
    countsForPublic: v.countsForPublic,
    exclusionReason: v.exclusionReason,
  };
}
