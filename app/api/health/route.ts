export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness: the process is up and answering. It touches nothing else,
 * so a database outage never gets a healthy instance restarted (readiness covers that).
 */
export function GET(): Response {
  return Response.json(
    { status: "ok", uptimeS: Math.round(process.uptime()) },
    { headers: { "cache-control": "no-store" } },
  );
}
