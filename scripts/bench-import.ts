// `npm run bench:import -- [--responses 1000000] [--models 10] [--chars 400]`: writes a
// synthetic JSONL corpus, imports it with `npm run import:corpus` into a scratch
// database (BENCH_DATABASE_URL, recreated), twice (the second must change nothing),
// and prints wall time and the importer's peak RSS (GNU time's maximum resident set).
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { dropDatabase, migrate, recreateDatabase } from "../lib/db/migrate";
import { writeCorpusJsonl } from "./bench-corpus-file";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000000" },
    models: { type: "string", default: "10" },
    chars: { type: "string", default: "400" },
  },
});
const models = Number(values.models);
const prompts = Math.ceil(Number(values.responses) / models);
const URL_ = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/arena_bench";

function importOnce(file: string): Promise<{ seconds: number; peakRssMb: number; summary: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "/usr/bin/time",
      [
        "-f",
        "TIME %e %M",
        "node_modules/.bin/tsx",
        "--conditions=react-server",
        "scripts/import-corpus.ts",
        "--corpus",
        "bench",
        file,
      ],
      { env: { ...process.env, DATABASE_URL: URL_ }, stdio: ["ignore", "inherit", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const m = /TIME ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`import failed (${code}):\n${err}`));
      resolve({
        seconds: Number(m[1]),
        peakRssMb: Math.round(Number(m[2]) / 1024),
        summary: err.replace(m[0], "").trim(),
      });
    });
  });
}

const dir = await mkdtemp(path.join(tmpdir(), "bench-import-"));
try {
  const file = path.join(dir, "bench.jsonl");
  const t0 = performance.now();
  const n = await writeCorpusJsonl(file, { prompts, models, chars: Number(values.chars) });
  const mb = (await stat(file)).size / 2 ** 20;
  console.error(
    `wrote ${n} responses (${mb.toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await recreateDatabase(URL_);
  await migrate(URL_);
  const first = await importOnce(file);
  console.error(first.summary);
  const again = await importOnce(file);
  console.error(again.summary);
  console.log(
    JSON.stringify({
      responses: n,
      file_mb: Math.round(mb),
      import_s: first.seconds,
      import_peak_rss_mb: first.peakRssMb,
      reimport_s: again.seconds,
      reimport_peak_rss_mb: again.peakRssMb,
      loadavg: (await import("node:fs")).readFileSync("/proc/loadavg", "utf8").trim(),
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  // The scratch database (a million responses) goes too; BENCH_KEEP_DB=1 keeps it.
  if (process.env.BENCH_KEEP_DB !== "1")
    await dropDatabase(URL_).catch((e) => console.error(`drop failed: ${e}`));
}
