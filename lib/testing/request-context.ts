// A stand-in for Next's request scope (next/headers) so server actions and lib/auth
// run for real in a test: one cookie jar, which actions may read and write, and whose
// contents go out as the Cookie header that Auth.js reads.
export const jar = new Map<string, string>();

export function cookieHeader(): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

const cookieStore = {
  get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) as string } : undefined),
  getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  has: (name: string) => jar.has(name),
  set: (name: string | { name: string; value: string }, value?: string) => {
    if (typeof name === "object") jar.set(name.name, name.value);
    else jar.set(name, value ?? "");
  },
  delete: (name: string) => jar.delete(name),
};

/** Use as `vi.mock("next/headers", async () => (await import("@/lib/testing/request-context")).nextHeaders)`. */
export const nextHeaders = {
  cookies: async () => cookieStore,
  headers: async () =>
    new Headers({ cookie: cookieHeader(), host: "localhost:3000", "x-forwarded-proto": "http" }),
};

export const nextCache = { revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {} };
