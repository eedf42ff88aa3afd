import type { VoteChoice } from "./sides";

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
  choice: VoteChoice;
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

/** A stored vote, new or (for a repeated or concurrent vote) the one already there. */
export type VoteResult = { status: "ok"; reveal: Reveal } | { status: "already_voted"; reveal: Reveal };
