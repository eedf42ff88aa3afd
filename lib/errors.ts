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
  | "challenge_required"
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
  challenge_required: 428,
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

export const DATABASE_UNAVAILABLE =
  "The arena's database is unreachable right now, so nothing was saved. Please try again in a moment.";

// Driver adapter kinds, Prisma codes, pg/Postgres codes and socket errors that mean "the
// database is down or restarting", not "this request is wrong" (nor "busy", above).
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const UNAVAILABLE_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // reached but timed out
  "P1017", // the server closed the connection
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown (the server is restarting)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up or shutting down)
  "08000",
  "08001",
  "08003",
  "08006", // connection exceptions
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|Can't reach database server|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;

/** Whether `error` (or anything in its cause chain) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const x = e as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
      cause?: unknown;
    };
    const adapter = x.meta?.driverAdapterError?.cause;
    if (typeof x.kind === "string" && UNAVAILABLE_KINDS.has(x.kind)) return true;
    if (typeof adapter?.kind === "string" && UNAVAILABLE_KINDS.has(adapter.kind)) return true;
    if (typeof adapter?.originalCode === "string" && UNAVAILABLE_CODES.has(adapter.originalCode)) return true;
    if (typeof x.code === "string" && UNAVAILABLE_CODES.has(x.code)) return true;
    if (typeof x.message === "string" && UNAVAILABLE_MESSAGE.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

/** An outage of the database as the AppError every caller shows (503). */
export function unavailableError(): AppError {
  return new AppError("unavailable", DATABASE_UNAVAILABLE);
}

/** Maps anything thrown in a route handler to a response; unexpected causes are logged, never sent. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (isDatabaseBusy(error)) {
    console.warn("database busy: answered 503");
    return new BusyError().toResponse();
  }
  if (isDatabaseUnavailable(error)) {
    console.error(`database unavailable: ${(error as Error).message?.split("\n").at(-1)}`);
    const res = unavailableError().toResponse();
    res.headers.set("retry-after", "5");
    return res;
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
