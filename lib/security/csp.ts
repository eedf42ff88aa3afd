// Content-Security-Policy for every HTML page (set by proxy.ts). Model answers are
// untrusted: they render as sanitised Markdown, and on top of that `img-src 'self' data:`
// keeps an answer's remote image from reporting the voter's address to its host.

export interface CspOptions {
  /** Per-request nonce: Next.js puts it on its own inline scripts when it renders the page. */
  nonce: string | null;
  dev: boolean;
  /** Cloudflare Turnstile's script and frame, when its keys are configured. */
  turnstile: boolean;
}

export function contentSecurityPolicy({ nonce, dev, turnstile }: CspOptions): string {
  const cf = turnstile ? " https://challenges.cloudflare.com" : "";
  // A page rendered once for everyone (ISR) cannot carry a per-request nonce; those pages
  // show no user-supplied text, and they still load scripts only from this origin.
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'${cf}` : `'self' 'unsafe-inline'${cf}`;
  return [
    "default-src 'self'",
    `script-src ${scripts}${dev ? " 'unsafe-eval'" : ""}`,
    // React and recharts set style attributes, which nonces cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${cf}`,
    `frame-src${turnstile ? cf : " 'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Pages served from the ISR cache (rendered once per leaderboard snapshot). */
export const isSharedRender = (pathname: string): boolean =>
  pathname === "/leaderboard" || pathname.startsWith("/leaderboard/");
