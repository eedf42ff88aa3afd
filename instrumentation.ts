// Next.js runs register() once when a server process starts: this instance joins the
// others (signals, stream locks, recovery of interrupted answers, graceful shutdown) and
// offers its fast routes to scripts/server-preload.cjs (lib/fast-routes).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInstance } = await import("./lib/instances/lifecycle");
  startInstance();
  const { registerFastRoutes } = await import("./lib/fast-routes/register");
  registerFastRoutes();
}
