import "server-only";
import type { z } from "zod";
import { describeZodError } from "@/lib/arena/schemas";
import { type Principal, type Role, requireRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";

export type ActionState =
  | { status: "idle" }
  | { status: "ok"; message: string }
  | { status: "error"; code: string; message: string };

/**
 * A console form action: the role is checked first (before any input is read, so a
 * guest learns nothing and changes nothing), then the form is parsed with `schema`,
 * then `run` does the work and says what it did. Expected failures come back as
 * messages; anything else throws to the segment's error page.
 */
export function roleAction<S extends z.ZodType>(
  min: Role,
  schema: S,
  run: (input: z.infer<S>, actor: Principal) => Promise<string>,
): (prev: ActionState, form: FormData) => Promise<ActionState> {
  return async (_prev, form) => {
    try {
      const actor = await requireRole(min);
      const raw = form instanceof FormData ? Object.fromEntries(form) : {};
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        return { status: "error", code: "bad_request", message: describeZodError(parsed.error) };
      return { status: "ok", message: await run(parsed.data, actor) };
    } catch (error) {
      if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
      throw error;
    }
  };
}
