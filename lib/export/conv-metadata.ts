import type { ScreenSide } from "@/lib/arena/sides";
import { countMarkdown } from "@/lib/text-features/markdown";
import { type ScreenTurn, tokensOf } from "./conversation";

// lmarena's conv_metadata for the 140k-style dump: per side (a = the model shown on
// the left) the assistant tokens, markdown counts over the joined assistant turns and
// the context tokens, then the user tokens and the number of turns. It depends only on
// what the voter saw, so recordVote (lib/db/votes.ts) stores it with the vote (votes.conv_metadata, as
// this JSON text) and the dump copies it instead of recounting every answer; votes
// without it are computed here at export time.

function sideStats(turns: ScreenTurn[], side: ScreenSide, user: number, suffix: "a" | "b"): string {
  let assistant = 0;
  for (const t of turns) assistant += tokensOf(t[side]);
  const md = countMarkdown(
    turns.length === 1
      ? (turns[0][side]?.content ?? "")
      : turns.map((t) => t[side]?.content ?? "").join("\n"),
  );
  const h = md.header;
  // Everything this model was given before its final answer.
  const context = user + assistant - tokensOf(turns.at(-1)?.[side] ?? null);
  return (
    `"sum_assistant_${suffix}_tokens":${assistant},` +
    `"header_count_${suffix}":{"h1":${h.h1},"h2":${h.h2},"h3":${h.h3},"h4":${h.h4},"h5":${h.h5},"h6":${h.h6}},` +
    `"list_count_${suffix}":{"ordered":${md.list.ordered},"unordered":${md.list.unordered}},` +
    `"bold_count_${suffix}":{"**":${md.bold["**"]},"__":${md.bold.__}},` +
    `"context_${suffix}_tokens":${context}`
  );
}

/** The conv_metadata object as JSON text, keys in lmarena's order. */
export function convMetadataJson(turns: ScreenTurn[]): string {
  let user = 0;
  for (const t of turns) user += tokensOf(t.user);
  const a = sideStats(turns, "left", user, "a");
  const b = sideStats(turns, "right", user, "b");
  return `{${a},${b},"sum_user_tokens":${user},"turns":${turns.length}}`;
}
