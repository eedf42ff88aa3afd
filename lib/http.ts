import type { z } from "zod";
import { AppError, describeZodError } from "@/lib/errors";

/**
 * Refuses what a browser sends cross-site: a form or text/plain POST (no CORS preflight)
 * and any request the browser marks as coming from another site. Non-browser clients
 * send neither header and are not a cross-site-request risk.
 */
export function assertSameOriginJson(req: Request): void {
  const type = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none")
    throw new AppError("forbidden", "Cross-site requests are not accepted.");
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
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
  if (declared > maxBytes) throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes.`);
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
      throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new AppError("bad_request", `Malformed JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new AppError("bad_request", `Invalid request: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
