// DTOs shared by the export query (lib/db/export.ts), the pure formatters and the
// routes. A vote leaves the database already pseudonymised: nothing here can carry
// a raw voter id, an IP address or an email.

import type { Outcome, StoredSide, VoteChoice } from "@/lib/arena/sides";

export interface ExportMessage {
  content: string;
  /**
   * cl100k_base token count (messages.num_tokens, stored when the vote was cast); null
   * when not stored yet (then counted at export). The provider's own count stays in
   * messages.tokens and is not mixed in.
   */
  tokens: number | null;
}

export interface ExportTurn {
  user: ExportMessage;
  /** The latest attempt of each side (what the voter saw when voting). */
  a: ExportMessage | null;
  b: ExportMessage | null;
}

export interface ExportVote {
  battleId: string;
  /** The battle's stable integer id (for formats whose ids are integers). */
  battleNumber: number;
  /** Keyed pseudonym of the voter (see pseudonym.ts). */
  judge: string;
  /**
   * Pseudonym of the voting session (the 140k format's evaluation_session_id): the
   * judge's pseudonym when the query did not split sessions.
   */
  sessionId: string;
  /** 1-based position of this vote in its session (or among all the voter's votes, without sessions). */
  evaluationOrder: number;
  outcome: Outcome;
  /** When the vote was cast. */
  votedAt: Date;
  mode: "anonymous" | "named" | "corpus";
  shownLeft: StoredSide;
  modelA: string;
  modelB: string;
  categoryTags: string[];
  countsForPublic: boolean;
  exclusionReason: string | null;
  turns: ExportTurn[];
  /**
   * The 140k dump's conv_metadata as JSON text, stored when the vote was cast
   * (conv-metadata.ts); null for a vote stored without it (computed at export).
   */
  convMetadata: string | null;
  /**
   * The LLM labeller's labels of the prompt as JSON text, lmarena's `category_tag`
   * ({"criteria_v0.1": {...}, "math_v0.1": {...}, ...}); null when not labelled.
   */
  promptLabels: string | null;
  /**
   * FastChat's dedup_tag (its serve/monitor/deduplication.py): whether the battle's prompt
   * is one of the dump's high-frequency prompts, and if so whether this battle is in the
   * sample kept of it; null when not computed (formats that do not print it).
   */
  dedupTag: DedupTag | null;
  /**
   * The voter's optional reason chips, one-line why and per-criterion answers, given after the vote (null when
   * none); read with conv_metadata, so only formats that print that carry it.
   */
  explanation?: {
    reasons: string[];
    rationale: string | null;
    /** Per-criterion answers (helpfulness, correctness, style) in screen sides; absent when none. */
    criteria?: Record<string, VoteChoice>;
  } | null;
}

export interface DedupTag {
  highFreq: boolean;
  sampled: boolean;
}

export const EXPORT_FORMATS = [
  "fastchat",
  "fastchat_jsonl",
  "arena140k",
  "arena140k_parquet",
  "kaggle55k",
  "dpo",
  "kto",
] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number];

export interface ExportFilters {
  /** Votes cast at or after this instant. */
  from: Date | null;
  /** Votes cast strictly before this instant. */
  to: Date | null;
  /** A battle category tag (`code`, `lang:en`, `corpus:demo`…); null = every battle. */
  category: string | null;
  models: string[] | null;
  /** `both`: both models of the battle are in `models`; `either`: at least one is. */
  modelsMatch: "both" | "either";
  /** Drop named battles (keep anonymous and corpus ones). */
  anonymousOnly: boolean;
  /** Also export votes that do not count for the public leaderboard. */
  includeExcluded: boolean;
}

export const DEFAULT_FILTERS: ExportFilters = {
  from: null,
  to: null,
  category: null,
  models: null,
  modelsMatch: "both",
  anonymousOnly: false,
  includeExcluded: false,
};

/** Options every formatter receives. */
export interface FormatOptions {
  /** Adds `exclusion_reason` to every row (null for counted votes). */
  includeExcluded: boolean;
  /** DPO/KTO: TRL's "standard" plain strings instead of its conversational messages. */
  plainStrings?: boolean;
  /**
   * kaggle55k, DPO, KTO: the voter's explanation as extra columns/keys in every row (null
   * where none). Off by default, so those files stay exactly their reference layout.
   */
  explanations?: boolean;
}
