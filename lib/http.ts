import type { z } from "zod";
import { AppError, describeZodError } from "@/lib/errors";

/**
 * Refuses what a browser sends cross-site: a form or text/plain POST (no CORS preflight)
 * and any request the browser marks as coming from another site. Non-browser clients
 * send neither header and are not a cross-site-request risk.
 */
export function assertSameOriginJson(req: Request): void {
  assertSameOriginJsonHeaders(req.headers, () => new URL(req.url).host);
}

/** Request headers as both a Web `Headers` and a Node request (lib/fast-routes) can give them. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** assertSameOriginJson on headers alone; `urlHost` is the host when no Host header says it. */
export function assertSameOriginJsonHeaders(headers: HeaderReader, urlHost: () => string): void {
  const type = headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none")
    throw new AppError("forbidden", "Cross-site requests are not accepted.");
  const origin = headers.get("origin");
  if (origin !== null) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? urlHost();
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {}
    if (originHost !== host) throw new AppError("forbidden", "Cross-site requests are not accepted.");
  }
}

/**
 * Reads a JSON body (same-origin, application/json: see assertSameOriginJson) with a hard size cap (counted while streaming, so a lying or
 * missing Content-Length cannot make us buffer more) and validates it.
 */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  assertSameOriginJson(req);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!req.body) throw new AppError("bad_request", "Request body is empty; expected JSON.");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return parseJsonBody(Buffer.concat(chunks), schema);
}

/** Too large: the same words whether the declared length or the bytes counted say so. */
export const payloadTooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes.`);

/** A read body as JSON, validated: 400 with the parser's or zod's words otherwise. */
export function parseJsonBody<T extends z.ZodType>(body: Buffer, schema: T): z.infer<T> {
  let data: unknown;
  try {
    data = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new AppError("bad_request", `Malformed JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new AppError("bad_request", `Invalid request: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
