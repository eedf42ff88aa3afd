import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aggregateBattles, computeLeaderboard } from "./index";
import { fixturesDir, readJsonl, repoRoot, toBattles } from "./test-utils";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ratings-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const synthetic = path.join(fixturesDir, "synthetic_20k_style.jsonl");
const rows = readJsonl(synthetic).slice(0, 3000);
const small = path.join(tmp, "small.jsonl");
fs.writeFileSync(small, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "scripts/ratings.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe("ratings CLI", () => {
  it("prints only the JSON result on stdout, identical to the library (2 threads)", () => {
    const { code, stdout, stderr } = cli(small, "--rounds", "200", "--seed", "4", "--threads", "2");
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(["leaderboard", "meta"]);
    expect(Object.keys(out.leaderboard[0])).toEqual([
      "model",
      "rating",
      "ci_lower",
      "ci_upper",
      "rank_ub",
      "num_battles",
    ]);
    const lib = computeLeaderboard(aggregateBattles(toBattles(rows)), {
      ci: "bootstrap",
      rounds: 200,
      seed: 4,
    });
    expect(out.leaderboard.map((r: { ci_upper: number }) => r.ci_upper)).toEqual(
      lib.leaderboard.map((r) => r.ciUpper),
    );
    expect(out.meta).toMatchObject({
      ci: "bootstrap",
      rounds: 200,
      n_battles: 3000,
      lines: 3000,
      skipped_lines: 0,
    });
    expect(out.meta.groups).toHaveLength(1);
    expect(stderr).toMatch(/read 3000 battles/);
  });

  it("exits 2 naming the bad line, or skips and counts it with --lenient", () => {
    const bad = path.join(tmp, "bad.jsonl");
    const lines = rows.slice(0, 5).map((r) => JSON.stringify(r));
    lines.splice(2, 0, '{"model_a":"a","model_b":"b","winner":"draw"}');
    fs.writeFileSync(bad, `${lines.join("\n")}\n`);
    const strict = cli(bad, "--ci", "none");
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toMatch(/line 3: unknown winner label "draw"/);
    const lenient = cli(bad, "--ci", "none", "--lenient");
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).meta).toMatchObject({
      skipped_lines: 1,
      skipped_by_reason: { unknown_winner: 1 },
    });
  });

  it("style control with sandwich CIs, anchor and --out", () => {
    const out = path.join(tmp, "style.json");
    const expected = JSON.parse(
      fs.readFileSync(path.join(fixturesDir, "expected", "synthetic_20k_style.style_sandwich.json"), "utf8"),
    );
    const { code, stdout, stderr } = cli(synthetic, "--style", "--out", out, "--matrices");
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("");
    const res = JSON.parse(fs.readFileSync(out, "utf8"));
    for (const [name, coef] of Object.entries(expected.style_coefficients as Record<string, number>)) {
      expect(Math.abs(res.style_coefficients[name] - coef)).toBeLessThan(1e-3);
    }
    expect(res.meta.ci).toBe("sandwich");
    expect(res.models).toEqual(expected.models);
    expect(res.battle_count).toEqual(expected.battle_count);
    const anchored = JSON.parse(cli(small, "--ci", "none", "--anchor", "model_001=1500").stdout);
    expect(anchored.leaderboard.find((r: { model: string }) => r.model === "model_001").rating).toBeCloseTo(
      1500,
      8,
    );
  });

  it("usage errors exit 2; --help documents the defaults", () => {
    expect(cli(small, "--ci", "maybe").code).toBe(2);
    expect(cli(small, "--bogus").code).toBe(2);
    const help = cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--ci bootstrap\|sandwich\|none/);
    expect(help.stdout).toMatch(/default 1000/);
  });
});
