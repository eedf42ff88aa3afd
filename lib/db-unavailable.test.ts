import { describe, expect, it } from "vitest";
import { errorResponse, isDatabaseUnavailable } from "./errors";

// What a database outage looks like to the app (shapes seen from Prisma's pg adapter and
// from pg itself), and that it becomes a 503 with a clear message rather than a 500.
const prismaUnreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
  code: "P1001",
  meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
});
const rawQueryDown = Object.assign(new Error("Raw query failed. Code: `N/A`."), {
  code: "P2010",
  meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } },
});
const adminShutdown = Object.assign(new Error("terminating connection due to administrator command"), {
  code: "57P01",
});
const wrapped = new Error("outer", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) });

describe("database outages", () => {
  it("are recognised through Prisma, pg and cause chains", () => {
    for (const e of [prismaUnreachable, rawQueryDown, adminShutdown, wrapped])
      expect(isDatabaseUnavailable(e)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("answer 503 with a message saying so and when to retry", async () => {
    const res = errorResponse(prismaUnreachable);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).error.message).toMatch(/database is unreachable right now/);
    expect(errorResponse(new Error("boom")).status).toBe(500);
  });
});
