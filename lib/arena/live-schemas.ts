import { z } from "zod";
import { MAX_PROMPT_CHARS, MAX_TURNS } from "./live-types";
import { SCREEN_SIDES } from "./sides";

// Inputs of live battles (server actions and the stream route), validated with zod.
// The wire types and limits they share with the browser are in live-types.ts.

export * from "./live-types";

const Prompt = z
  .string()
  .trim()
  .min(1, "Type a prompt first.")
  .max(MAX_PROMPT_CHARS, `Prompts are limited to ${MAX_PROMPT_CHARS} characters.`);
const Slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, "not a model slug");
const BattleId = z.uuid({ message: "battleId must be a UUID" });

const ScreenSide = z.enum(SCREEN_SIDES);

export const StartLiveBattleInput = z
  .strictObject({
    prompt: Prompt,
    mode: z.enum(["anonymous", "named"]).default("anonymous"),
    /** Named mode only: [left, right]. The one place a client names models. */
    models: z.tuple([Slug, Slug]).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "named" && !v.models)
      ctx.addIssue({ code: "custom", path: ["models"], message: "Pick two models." });
    if (v.mode === "named" && v.models && v.models[0] === v.models[1])
      ctx.addIssue({ code: "custom", path: ["models"], message: "Pick two different models." });
    if (v.mode === "anonymous" && v.models)
      ctx.addIssue({ code: "custom", path: ["models"], message: "Anonymous battles cannot choose models." });
  });
export type StartLiveBattleInput = z.infer<typeof StartLiveBattleInput>;

export const ContinueBattleInput = z.strictObject({ battleId: BattleId, prompt: Prompt });
export type ContinueBattleInput = z.infer<typeof ContinueBattleInput>;

export const BattleRef = z.strictObject({ battleId: BattleId });
export type BattleRef = z.infer<typeof BattleRef>;

export const StopSideInput = z.strictObject({ battleId: BattleId, side: ScreenSide });
export type StopSideInput = z.infer<typeof StopSideInput>;

/** POST /api/battles/[id]/stream */
export const StreamTurnBody = z.strictObject({
  turn: z
    .number()
    .int()
    .min(0)
    .max(MAX_TURNS - 1),
  /** Only this side (Retry after a failure); both sides when absent. */
  side: ScreenSide.optional(),
  /** New answers for the turn even though it finished (earlier attempts stay on record). */
  regenerate: z.boolean().optional(),
});
export type StreamTurnBody = z.infer<typeof StreamTurnBody>;
