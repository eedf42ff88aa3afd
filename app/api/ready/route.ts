import { checkReadiness } from "@/lib/instances/readiness";

export const dynamic = "force-dynamic";

/**
 * GET /api/ready — readiness: 200 when this instance can serve (database reachable, every
 * migration applied, not shutting down), else 503 with the reason, so a load balancer
 * sends traffic elsewhere until it recovers.
 */
export async function GET(): Promise<Response> {
  const report = await checkReadiness();
  return Response.json(report, {
    status: report.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
