import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { assertSameOriginJsonHeaders, type HeaderReader, parseJsonBody, payloadTooLarge } from "@/lib/http";

// Request and response plumbing for the fast routes on a bare Node request: the same
// checks and the same words as lib/http.ts gives Next's route handlers.

/** A Node request's headers behind the Web `Headers.get` shape. */
export function headerReader(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** One cookie's value from the Cookie header (URI-decoded, as Next's cookies() gives it). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * Reads a same-origin JSON body with a hard size cap, counted as it streams (a lying or
 * missing Content-Length cannot make it buffer more), and validates it.
 */
export async function readNodeJsonBody<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
  const headers = headerReader(req);
  assertSameOriginJsonHeaders(headers, () => "");
  if (Number(headers.get("content-length") ?? "0") > maxBytes) throw payloadTooLarge(maxBytes);
  const chunks = await readCapped(req, maxBytes);
  return parseJsonBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), schema);
}

/**
 * The body's chunks, or a 413 as soon as they pass `maxBytes`. The rest is then left
 * unread (not buffered); the answer says `Connection: close` (sendResponse), so the socket
 * goes with it rather than being torn down before the 413 is written.
 */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off("data", onData).off("end", onEnd).pause();
      reject(payloadTooLarge(maxBytes));
    };
    const onEnd = () => resolve(chunks);
    req.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

/** A JSON answer, uncompressed (a few kilobytes; a proxy in front may compress). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** A Web Response (what lib/errors builds for every refusal) sent on a Node response. */
export async function sendResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  headers["content-length"] = String(Buffer.byteLength(text));
  // A refused body may still be arriving: close rather than read it for keep-alive.
  if (!req.complete) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(text);
}
