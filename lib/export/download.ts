import { FORMATS } from "./formats";
import type { ExportFilters, ExportFormatId } from "./types";

// Response details shared by the export routes.

const safe = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** e.g. pairwise-arena-votes-fastchat-lang-en-20260301.json */
export function exportFilename(
  format: ExportFormatId,
  filters: ExportFilters,
  now: Date,
  suffix = "",
): string {
  const parts = ["pairwise-arena-votes", safe(format), safe(filters.category ?? "overall")];
  if (filters.includeExcluded) parts.push("with-excluded");
  parts.push(now.toISOString().slice(0, 10).replaceAll("-", ""));
  return `${parts.join("-")}${suffix || `.${FORMATS[format].extension}`}`;
}

// Each running export holds one database connection and one snapshot; a few at a
// time per server process is plenty for researchers and protects the voting path.
export const MAX_CONCURRENT_EXPORTS = 4;

const state = globalThis as unknown as { __arenaExports?: { running: number } };

/** A release function, or null when the server is already busy with exports. */
export function tryAcquireExportSlot(max = MAX_CONCURRENT_EXPORTS): (() => void) | null {
  state.__arenaExports ??= { running: 0 };
  const s = state.__arenaExports;
  if (s.running >= max) return null;
  s.running++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    s.running--;
  };
}
