import { type NextRequest, NextResponse } from "next/server";
import { databaseLooksDown } from "@/lib/db/outage";
import { OUTAGE_RETRY_S, outagePageHtml } from "@/lib/outage-page";
import { contentSecurityPolicy, isSharedRender } from "@/lib/security/csp";

// Sets the Content-Security-Policy of every page: a fresh nonce per request (Next.js
// reads it from the request's CSP header and puts it on the scripts it inlines).
// While the database is unreachable, a page request is answered 503 with a page saying so
// (lib/db/outage.ts): once rendering has begun, App Router can only answer 500 or 200.
// Not the shared leaderboard pages (Next may serve them from its cache during an outage),
// not files under public/, and not server actions (POST: they answer 503 themselves).
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const shared = isSharedRender(pathname);
  const nonce = shared ? null : Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    turnstile: Boolean(process.env.TURNSTILE_SITE_KEY && process.env.TURNSTILE_SECRET_KEY),
  });
  const page = (request.method === "GET" || request.method === "HEAD") && !/\.[A-Za-z0-9]+$/.test(pathname);
  if (page && !shared && (await databaseLooksDown())) {
    return new NextResponse(outagePageHtml(pathname), {
      status: 503,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": String(OUTAGE_RETRY_S),
        "content-security-policy": csp,
      },
    });
  }
  const headers = new Headers(request.headers);
  if (nonce) {
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Pages only: API responses are JSON or streams, static files carry no scripts.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
