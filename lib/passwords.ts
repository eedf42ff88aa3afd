import bcrypt from "bcryptjs";

// bcryptjs: pure JavaScript (nothing native to build or download), kept, runs on Node 20.
// Cost 11 is ~150 ms here: slow enough to hurt guessing, fast enough for a sign-in.
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // With no account, compare against a fixed hash anyway so timing does not tell which emails exist.
  return bcrypt.compare(password, hash ?? DUMMY_HASH);
}

const DUMMY_HASH = "$2b$11$RIyXeeu15iFQJI8wlfvxfu0YPrX9XK7zV48euuIyFwNOcWl8mduCq";
