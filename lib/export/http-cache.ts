// Conditional GET for immutable-per-version resources (a leaderboard snapshot never
// changes once stored, so its id is a perfect validator). RFC 9110 §13.1: when
// If-None-Match is present, If-Modified-Since is ignored; If-None-Match uses the
// weak comparison (a W/ prefix on either side does not matter).

export interface Validators {
  etag: string;
  lastModified: Date;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

export function isNotModified(headers: Headers, v: Validators): boolean {
  const inm = headers.get("if-none-match");
  if (inm !== null) {
    const tags = inm.split(",").map((t) => t.trim());
    return tags.includes("*") || tags.some((t) => opaque(t) === opaque(v.etag));
  }
  const ims = headers.get("if-modified-since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  // HTTP dates have whole seconds; the stored time has milliseconds.
  return Math.floor(v.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

export function cacheHeaders(v: Validators): Record<string, string> {
  return {
    ETag: v.etag,
    "Last-Modified": v.lastModified.toUTCString(),
    // Revalidate every time: a new snapshot can appear at any moment, and a 304 is cheap.
    "Cache-Control": "public, max-age=0, must-revalidate",
  };
}
