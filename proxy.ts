import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, isSharedRender } from "@/lib/security/csp";

// Sets the Content-Security-Policy of every page: a fresh nonce per request (Next.js
// reads it from the request's CSP header and puts it on the scripts it inlines).
export function proxy(request: NextRequest) {
  const shared = isSharedRender(request.nextUrl.pathname);
  const nonce = shared ? null : Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    turnstile: Boolean(process.env.TURNSTILE_SITE_KEY && process.env.TURNSTILE_SECRET_KEY),
  });
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
