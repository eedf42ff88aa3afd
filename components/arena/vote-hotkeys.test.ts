import { describe, expect, it } from "vitest";
import { hotkeyAction, isTypingTarget, type KeyPress } from "./vote-hotkeys";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  repeat: false,
  target: { tagName: "BODY", isContentEditable: false } as unknown as EventTarget,
  ...more,
});
const el = (tagName: string, isContentEditable = false) =>
  ({ tagName, isContentEditable }) as unknown as EventTarget;
const voting = { canVote: true, canNext: false, canStop: false };
const revealed = { canVote: false, canNext: true, canStop: false };

describe("vote hotkeys", () => {
  it("maps every documented key to its vote, case-insensitively", () => {
    const cases: [string, string][] = [
      ["1", "left"],
      ["a", "left"],
      ["A", "left"],
      ["ArrowLeft", "left"],
      ["2", "right"],
      ["B", "right"],
      ["ArrowRight", "right"],
      ["3", "tie"],
      ["t", "tie"],
      ["4", "both_bad"],
      ["X", "both_bad"],
    ];
    for (const [key, choice] of cases)
      expect(hotkeyAction(press(key), voting)).toEqual({ type: "vote", choice });
    expect(hotkeyAction(press("5"), voting)).toBeNull();
    expect(hotkeyAction(press("Enter"), voting)).toBeNull();
  });

  it("ignores keys typed into inputs, text areas, selects and editable text", () => {
    for (const target of [el("INPUT"), el("TEXTAREA"), el("SELECT"), el("DIV", true)]) {
      expect(isTypingTarget(target)).toBe(true);
      expect(hotkeyAction(press("1", { target }), voting)).toBeNull();
      expect(hotkeyAction(press("n", { target }), revealed)).toBeNull();
    }
    for (const target of [el("BUTTON"), el("BODY"), null]) {
      expect(isTypingTarget(target)).toBe(false);
      expect(hotkeyAction(press("1", { target }), voting)).toEqual({ type: "vote", choice: "left" });
    }
  });

  it("leaves modified keys, IME composition and held-down keys alone", () => {
    for (const mod of ["ctrlKey", "metaKey", "altKey"] as const) {
      expect(hotkeyAction(press("1", { [mod]: true }), voting)).toBeNull();
    }
    expect(hotkeyAction(press("a", { isComposing: true }), voting)).toBeNull();
    expect(hotkeyAction(press("Process"), voting)).toBeNull();
    expect(hotkeyAction(press("1", { repeat: true }), voting)).toBeNull();
    // Shift is not a shortcut modifier: Shift+A is still "A is better".
    expect(hotkeyAction(press("A"), voting)).toEqual({ type: "vote", choice: "left" });
  });

  it("does only what the arena allows now", () => {
    expect(hotkeyAction(press("1"), revealed)).toBeNull();
    expect(hotkeyAction(press("n"), voting)).toBeNull();
    expect(hotkeyAction(press("N"), revealed)).toEqual({ type: "next" });
    expect(hotkeyAction(press("Escape"), voting)).toBeNull();
    // Esc stops streaming answers even from the prompt box; it is never text.
    const streaming = { canVote: false, canNext: false, canStop: true };
    expect(hotkeyAction(press("Escape", { target: el("TEXTAREA") }), streaming)).toEqual({ type: "stop" });
    expect(hotkeyAction(press("1"), streaming)).toBeNull();
  });
});
