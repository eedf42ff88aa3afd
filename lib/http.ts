import type { z } from "zod";
import { AppError, describeZodError } from "@/lib/errors";

/**
 * Reads a JSON body with a hard size cap (counted while streaming, so a lying or
 * missing Content-Length cannot make us buffer more) and validates it.
 */
export async function readJsonBody<T extends z.ZodType>(
  req: Request,
  schema: T,
  maxBytes: number,
): Promise<z.infer<T>> {
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
