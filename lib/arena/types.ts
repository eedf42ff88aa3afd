// DTOs shared by the data layer, actions and components. Nothing here identifies a
// model until the vote: BattleView carries text only; Reveal comes with the vote.

export interface SideView {
  content: string;
}

export interface RevealedModel {
  slug: string;
  displayName: string;
  organization: string | null;
}

export interface Reveal {
  left: RevealedModel;
  right: RevealedModel;
  /** What was recorded, in screen terms. */
  choice: "left" | "right" | "tie" | "both_bad";
  countsForPublic: boolean;
  exclusionReason: string | null;
}

export interface BattleView {
  id: string;
  mode: "anonymous" | "named" | "corpus";
  prompt: string;
  left: SideView;
  right: SideView;
  categoryTags: string[];
  /** Present once the battle has been voted on. */
  reveal: Reveal | null;
}

export type CastVoteResult =
  | { status: "ok"; reveal: Reveal }
  | { status: "already_voted"; reveal: Reveal }
  | { status: "invalid"; message: string }
  | { status: "error"; code: string; message: string };
