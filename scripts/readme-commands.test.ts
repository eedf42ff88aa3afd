// The README's shell examples are what researchers and operators copy-paste. This checks,
// without running them, that each names an npm script that exists, that every
// `npm run ratings` line parses with the CLI's own argument parser, and that every
// download URL is one the export API accepts (format and parameters), so they do not
// drift as scripts, flags and formats change. (It does not run them: that needs a
// running arena with votes, which the e2e specs cover for the same URLs.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExportQuery } from "@/lib/export/filters";
import { parseCliArgs } from "./ratings-args";

const root = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<
  string,
  string
>;

/** Lines of the README's ```sh blocks, comments dropped. */
function shellLines(): string[] {
  const lines: string[] = [];
  for (const m of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of m[1].split("\n")) {
      const line = raw.replace(/\s+#.*$/, "").trim();
      if (line && !line.startsWith("#")) lines.push(line);
    }
  }
  return lines;
}

/** `npm run [-s] NAME [-- args…]` anywhere in a line (also after `&&` or an env prefix). */
function npmRuns(line: string): { name: string; args: string[] }[] {
  return [...line.matchAll(/npm run (?:-s )?([\w:-]+)(?: -- ([^&|>]*))?/g)].map((m) => ({
    name: m[1],
    args: (m[2] ?? "").trim().split(/\s+/).filter(Boolean),
  }));
}

describe("README shell examples", () => {
  const lines = shellLines();

  it("are there to check", () => {
    expect(lines.length).toBeGreaterThan(5);
  });

  it("run npm scripts that exist", () => {
    const missing = lines.flatMap((l) => npmRuns(l).map((r) => r.name)).filter((n) => !(n in scripts));
    expect(missing).toEqual([]);
  });

  it("give `npm run ratings` arguments its parser accepts", () => {
    const runs = lines.flatMap(npmRuns).filter((r) => r.name === "ratings");
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(() => parseCliArgs(r.args), r.args.join(" ")).not.toThrow();
  });

  it("download from export URLs the API accepts", () => {
    const urls = lines.flatMap((l) =>
      [...l.matchAll(/'(http:\/\/[^']*\/api\/export\/votes[^']*)'/g)].map((m) => m[1]),
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(() => parseExportQuery(new URL(u).searchParams), u).not.toThrow();
  });
});
