import "server-only";
import type { z } from "zod";
import { type Principal, type Role, requireRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { type ActionResult, runAction } from "@/lib/run-action";

/** A console form's state: idle before the first submit, then what runAction returned. */
export type ActionState = { status: "idle" } | ActionResult<{ status: "ok"; message: string }>;

/**
 * A console form action (useActionState's `(prev, form)` shape): the role is checked
 * first, before any input is read, so a guest learns nothing and changes nothing;
 * then runAction parses the form with `schema` and `run` does the work and says what
 * it did.
 */
export function roleAction<S extends z.ZodType>(
  min: Role,
  schema: S,
  run: (input: z.output<S>, actor: Principal) => Promise<string>,
): (prev: ActionState, form: FormData) => Promise<ActionState> {
  return async (_prev, form) => {
    let actor: Principal;
    try {
      actor = await requireRole(min);
    } catch (error) {
      if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
      throw error;
    }
    const raw = form instanceof FormData ? Object.fromEntries(form) : {};
    return runAction(schema, raw, async (input) => ({
      status: "ok" as const,
      message: await run(input, actor),
    }));
  };
}
