import type { z } from "zod";

/**
 * Defaults with a JSON override from an env var merged in, one level deep per key
 * (`{"vote": {"ip": null}}` changes only vote.ip). Throws an error naming the variable.
 */
export function mergeOverride<T extends Record<string, object>>(
  variable: string,
  json: string | undefined | null,
  schema: z.ZodType<Partial<Record<keyof T, object>>>,
  defaults: T,
): T {
  if (!json) return defaults;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error(`${variable} is not valid JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`${variable}: ${parsed.error.issues[0].message}`);
  const out: Record<string, object> = { ...defaults };
  for (const [key, value] of Object.entries(parsed.data)) out[key] = { ...out[key], ...value };
  return out as T;
}
