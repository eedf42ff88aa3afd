import { existsSync } from "node:fs";

/** CI=true (as .ci/run sets it), not CI=false or CI=0. */
export function onCi(env: Record<string, string | undefined> = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return !!ci && ci !== "false" && ci !== "0";
}

/**
 * Whether `file` from ../shared (data that belongs to other projects and is never
 * committed) is there. Absent on a contributor's machine, the caller skips and this
 * says so; absent on CI, where ../shared sits beside the clone, it throws, so a
 * moved or missing data folder fails the run instead of passing it on skipped tests.
 */
export function sharedDataPresent(
  file: string,
  what: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (existsSync(file)) return true;
  if (onCi(env)) throw new Error(`${what} needs ${file}, which is missing (CI is set, so this fails)`);
  console.warn(`skipping ${what}: ${file} is not there`);
  return false;
}
