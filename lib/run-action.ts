import type { z } from "zod";
import {
  AppError,
  BusyError,
  describeZodError,
  type ErrorCode,
  isDatabaseBusy,
  isDatabaseUnavailable,
  unavailableError,
} from "@/lib/errors";

// The shape every server action shares (STYLE §5): expected failures come back as values
// the UI can show, anything unexpected throws to the segment's error.tsx.

/** The input did not pass the action's schema. */
export type ActionInvalid = { status: "invalid"; message: string };
/** An expected refusal (an AppError): not yours, already voted, busy… */
export type ActionFailed = { status: "error"; code: ErrorCode; message: string };

/** What an action returns: its own results plus the two shared failure shapes. */
export type ActionResult<R> = R | ActionInvalid | ActionFailed;

/**
 * Validates `input` with `schema`, then runs `fn` on the parsed data. A schema failure
 * becomes `invalid`, an AppError thrown by `fn` becomes `error` with its code and
 * message, and so does a busy database (`unavailable`, lib/errors.ts); other errors are
 * rethrown. The result stays a discriminated union on `status`.
 */
export async function runAction<S extends z.ZodType, R extends { status: string }>(
  schema: S,
  input: unknown,
  fn: (data: z.output<S>) => Promise<R>,
): Promise<ActionResult<R>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: describeZodError(parsed.error) };
  try {
    return await fn(parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
    if (isDatabaseBusy(error)) {
      const busy = new BusyError();
      return { status: "error", code: busy.code, message: busy.message };
    }
    // A database outage is expected now and then (a restart, a failover): say so, do not crash the page.
    if (isDatabaseUnavailable(error)) {
      const e = unavailableError();
      return { status: "error", code: e.code, message: e.message };
    }
    throw error;
  }
}
