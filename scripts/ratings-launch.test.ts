import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("npm run ratings launcher", () => {
  it("bundles the CLI on demand and prints the same leaderboard as the tsx entry", () => {
    const file = path.join(root, "lib/ratings/__fixtures__/synthetic_20k_style.jsonl");
    const args = [file, "--ci", "sandwich"];
    const launched = spawnSync(process.execPath, [path.join(root, "scripts/ratings-launch.mjs"), ...args], {
      encoding: "utf8",
    });
    expect(launched.status, launched.stderr).toBe(0);
    const direct = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(root, "scripts/ratings.ts"), ...args],
      {
        encoding: "utf8",
        cwd: root,
      },
    );
    expect(direct.status, direct.stderr).toBe(0);
    const a = JSON.parse(launched.stdout);
    const b = JSON.parse(direct.stdout);
    expect(a.leaderboard).toEqual(b.leaderboard);
    expect(a.leaderboard).toHaveLength(30);
  });

  it("the README's redirection gets nothing but the JSON with `npm run -s` (npm's banner goes to stdout)", () => {
    const file = path.join(root, "lib/ratings/__fixtures__/synthetic_20k_style.jsonl");
    const run = spawnSync("npm", ["run", "-s", "ratings", "--", file, "--ci", "sandwich"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).leaderboard).toHaveLength(30);
  });
});
