import { useEffect, useEffectEvent } from "react";
import type { VoteChoice } from "@/lib/arena/sides";

/** The vote buttons and their keys; the first key is the one printed on the button. */
export const VOTE_OPTIONS: { choice: VoteChoice; label: string; keys: string[]; testId: string }[] = [
  { choice: "left", label: "A is better", keys: ["1", "a", "ArrowLeft"], testId: "vote-left" },
  { choice: "right", label: "B is better", keys: ["2", "b", "ArrowRight"], testId: "vote-right" },
  { choice: "tie", label: "Tie", keys: ["3", "t"], testId: "vote-tie" },
  { choice: "both_bad", label: "Both are bad", keys: ["4", "x"], testId: "vote-both-bad" },
];

export type HotkeyAction = { type: "vote"; choice: VoteChoice } | { type: "next" } | { type: "stop" };

/** What the arena allows right now; a key for anything else does nothing. */
export interface HotkeyState {
  canVote: boolean;
  canNext: boolean;
  canStop?: boolean;
}

/** The parts of a KeyboardEvent the decision reads, so it can be tested without a DOM. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

const TEXT_ENTRY = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/**
 * Keys typed into a form control or editable text belong to it: "1" in the follow-up box
 * or "b" that jumps to an option in a <select> must never cast a vote.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (target === null || typeof target !== "object") return false;
  const el = target as { tagName?: unknown; isContentEditable?: unknown };
  return (typeof el.tagName === "string" && TEXT_ENTRY.has(el.tagName)) || el.isContentEditable === true;
}

/**
 * Which arena action a key press means, or null. Modified keys are the browser's and the
 * OS's shortcuts (Ctrl+1 switches tabs); a key that finishes an IME composition ("Process",
 * or isComposing) is text; a held-down key repeats nothing. Esc stops streaming answers even
 * from a text box, the one key that is never text.
 */
export function hotkeyAction(e: KeyPress, state: HotkeyState): HotkeyAction | null {
  if (e.isComposing || e.key === "Process" || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  if (e.key === "Escape") return state.canStop ? { type: "stop" } : null;
  if (isTypingTarget(e.target)) return null;
  if (state.canNext && (e.key === "n" || e.key === "N")) return { type: "next" };
  if (!state.canVote) return null;
  const option = VOTE_OPTIONS.find((o) => o.keys.includes(e.key) || o.keys.includes(e.key.toLowerCase()));
  return option ? { type: "vote", choice: option.choice } : null;
}

/** The one keyboard handler of both arenas (fixed-prompt and live). */
export function useVoteHotkeys(
  state: HotkeyState,
  handlers: { onVote: (choice: VoteChoice) => void; onNext: () => void; onStop?: () => void },
): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    const action = hotkeyAction(e, state);
    if (!action) return;
    e.preventDefault();
    if (action.type === "vote") handlers.onVote(action.choice);
    else if (action.type === "next") handlers.onNext();
    else handlers.onStop?.();
  });
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
