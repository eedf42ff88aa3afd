import type { StoredSide } from "@/lib/arena/sides";
import { answerTraitsOf, type BattleStyleFeatures, styleFeaturesOf } from "@/lib/arena/style-of-battle";
import { cl100kTokens } from "@/lib/text-features/cl100k";
import { convMetadataJson } from "./conv-metadata";
import { latestTurns, type StoredMessage, screenTurns } from "./conversation";

// What the voter saw, measured once for good when the vote is cast (and by the
// migrate step's backfill for older votes): every message's cl100k count, the style
// covariates style control reads and the dumps' conv_metadata. Dumps then copy the
// stored numbers instead of tokenizing gigabytes of text.

export interface MessageToMeasure extends StoredMessage {
  id: string;
  /** messages.num_tokens: null until measured. */
  numTokens: number | null;
}

export interface BattleMeasures {
  /** Messages whose num_tokens was missing, with their count: [id, tokens]. */
  numTokens: [string, number][];
  style: BattleStyleFeatures;
  convMetadata: string;
}

export function measureBattle(messages: MessageToMeasure[], shownLeft: StoredSide): BattleMeasures {
  const numTokens: [string, number][] = [];
  const counted = messages.map((m) => {
    let tokens = m.numTokens;
    if (tokens === null) {
      tokens = cl100kTokens(m.content);
      numTokens.push([m.id, tokens]);
    }
    return { ...m, tokens };
  });
  const turns = latestTurns(counted);
  const answers = (side: StoredSide) => turns.flatMap((t) => (t[side] ? [t[side].content] : []));
  return {
    numTokens,
    style: {
      ...styleFeaturesOf({ a: answers("a"), b: answers("b") }),
      ...answerTraitsOf({ prompts: turns.map((t) => t.user.content), a: answers("a"), b: answers("b") }),
    },
    convMetadata: convMetadataJson(screenTurns(turns, shownLeft)),
  };
}
