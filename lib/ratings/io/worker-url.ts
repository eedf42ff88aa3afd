/**
 * The ratings worker entry next to the running code: worker.ts from the sources (tsx,
 * vitest), or ratings-worker.mjs beside the bundle that scripts/ratings-launch.mjs builds
 * (import.meta.url is then the bundle's). The app passes .next/ratings-worker.mjs itself.
 */
export function ratingsWorkerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./worker.ts", import.meta.url)
    : new URL("./ratings-worker.mjs", import.meta.url);
}
