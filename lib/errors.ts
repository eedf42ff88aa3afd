import type { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

/** An expected failure with a message that is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }

  toResponse(): Response {
    return Response.json({ error: { code: this.code, message: this.message } }, { status: this.status });
  }
}

/**
 * The database had no connection to spare in time: the request pool's wait ran out (pg's
 * pool timeout), Prisma gave up waiting for a connection or a transaction slot (P2024,
 * P2028), or Postgres refused a new connection (53300 too_many_connections). Load, not a
 * fault: worth a retry.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.message === "timeout exceeded when trying to connect" ||
    code === "P2024" ||
    code === "P2028" ||
    code === "53300"
  );
}

/** What a busy database becomes: 503 with Retry-After, and a sentence the UI can show. */
export class BusyError extends AppError {
  constructor() {
    super("unavailable", "The arena is busy right now; please try again in a few seconds.");
  }

  override toResponse(): Response {
    const res = super.toResponse();
    res.headers.set("Retry-After", "2");
    return res;
  }
}

/** Maps anything thrown in a route handler to a response; unexpected causes are logged, never sent. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (isDatabaseBusy(error)) {
    console.warn("database busy: answered 503");
    return new BusyError().toResponse();
  }
  console.error(error);
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}

/** A zod error as one readable line: `field.path: message; …` (what a 400 and an "invalid" result say). */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
