/**
 * worker_threads plumbing (Node only). Jobs are plain data; bootstrap rounds carry their own RNG
 * stream per round, so splitting them across threads gives bit-identical results.
 */
import { parentPort, Worker } from "node:worker_threads";
import { type BtBootstrapSetup, type RoundsResult, runBtRounds } from "./bt-bootstrap";
import { type ReadOptions, type ReadResult, readJsonlRange } from "./reader";
import { runStyleRounds, type StyleBootstrapSetup } from "./style-bootstrap";

export type Job =
  | { kind: "parse"; path: string; start: number; end: number; opts: ReadOptions }
  | { kind: "rounds"; setup: BtBootstrapSetup | StyleBootstrapSetup; from: number; to: number };

export function runJob(job: Job): ReadResult | RoundsResult {
  if (job.kind === "parse") return readJsonlRange(job.path, job.start, job.end, job.opts);
  return job.setup.kind === "bt"
    ? runBtRounds(job.setup, job.from, job.to)
    : runStyleRounds(job.setup, job.from, job.to);
}

/** Call from a worker entry module: answers jobs posted by WorkerPool until terminated. */
export function serveJobs(): void {
  const port = parentPort;
  if (!port) throw new Error("serveJobs must run inside a worker thread");
  port.on("message", (job: Job) => {
    try {
      port.postMessage({ ok: true, result: runJob(job) });
    } catch (err) {
      port.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

/**
 * Starts a worker on `url`. A .ts entry (running under tsx) needs tsx's loader registered inside
 * the worker, because Node 20 does not pass loader hooks on to worker threads.
 */
export function spawnWorker(url: URL): Worker {
  if (url.pathname.endsWith(".ts")) {
    const tsxApi = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); })`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(url);
}

export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly url: URL,
    readonly size: number,
  ) {}

  private worker(k: number): Worker {
    while (this.workers.length <= k) {
      this.workers.push(spawnWorker(this.url));
    }
    return this.workers[k];
  }

  /** Runs one job on worker k (jobs on the same worker run in order). */
  run<T>(k: number, job: Job): Promise<T> {
    const w = this.worker(k);
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
      };
      const onMessage = (msg: { ok: boolean; result?: T; error?: string }) => {
        done();
        if (msg.ok) resolve(msg.result as T);
        else reject(new Error(msg.error));
      };
      const onError = (err: Error) => {
        done();
        reject(err);
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`ratings worker exited (code ${code}) before answering`));
      };
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage(job);
    });
  }

  /** Warms up workers ahead of use (thread start-up overlaps other work). */
  start(): void {
    for (let k = 0; k < this.size; k++) this.worker(k);
  }

  get started(): boolean {
    return this.workers.length > 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Rough cost of a bootstrap in cell/matrix touches; below ~2e7 a thread start-up costs more than it saves. */
export function roundsWork(setup: BtBootstrapSetup | StyleBootstrapSetup, rounds: number): number {
  if (setup.kind === "bt") return rounds * (setup.count.length + setup.m * setup.m);
  return rounds * setup.count.length * (setup.problem.k + 2) * 8;
}

/**
 * Splits `rounds` into contiguous blocks over the pool, plus one on this thread when `local`
 * (the CLI uses every core; an app server keeps its event loop free).
 */
export async function runRoundsParallel(
  setup: BtBootstrapSetup | StyleBootstrapSetup,
  rounds: number,
  pool: WorkerPool | null,
  local = true,
): Promise<RoundsResult[]> {
  const own = local || !pool ? 1 : 0;
  const parts = own + (pool?.size ?? 0);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((rounds * k) / parts));
  const remote = Array.from({ length: parts - own }, (_, k) =>
    pool!.run<RoundsResult>(k, { kind: "rounds", setup, from: bounds[k + own], to: bounds[k + own + 1] }),
  );
  const mine = own
    ? [setup.kind === "bt" ? runBtRounds(setup, 0, bounds[1]) : runStyleRounds(setup, 0, bounds[1])]
    : [];
  return [...mine, ...(await Promise.all(remote))];
}
