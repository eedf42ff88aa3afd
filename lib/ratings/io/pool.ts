/**
 * The one worker_threads path (Node only), for the CLI and the app alike: worker.ts is the
 * entry, bundled next to the CLI by scripts/ratings-launch.mjs and to .next/ by
 * scripts/build-ratings-worker.mjs. Work is cut into more pieces than threads and every
 * thread pulls the next piece from a shared atomic counter, so a late-starting or descheduled
 * thread simply takes fewer pieces. Bootstrap rounds carry their own RNG stream per round, so
 * any split gives bit-identical results.
 */
import { parentPort, Worker } from "node:worker_threads";
import { type BtBootstrapSetup, btRoundsRunner, type RoundsResult } from "../bt-bootstrap";
import { type DiagnosticColumns, fromColumns } from "../diagnostics/columns";
import type { CriterionVote } from "../diagnostics/criteria";
import { computeReport, type DiagnosticsParams, type ReportFeatures } from "../diagnostics/report";
import { type StyleBootstrapSetup, styleRoundsRunner } from "../style-bootstrap";
import { type FitJob, type FitJobResult, runFitJob } from "./fit-job";
import { type PromptOp, type PromptOpResult, runPromptOp } from "./prompt-jobs";
import { type ReadOptions, type ReadResult, readJsonlRange } from "./reader";

type PieceResult = ReadResult | RoundsResult | FitJobResult;

/**
 * Pieces [bounds[i], bounds[i+1]) of a file (byte offsets), of the rounds, or of the app's
 * per-category fits, claimed via `counter`.
 */
export type Job =
  | { kind: "parse"; path: string; bounds: number[]; opts: ReadOptions; counter: SharedArrayBuffer }
  | {
      kind: "rounds";
      setup: BtBootstrapSetup | StyleBootstrapSetup;
      bounds: number[];
      counter: SharedArrayBuffer;
    }
  | { kind: "fit"; jobs: FitJob[]; bounds: number[]; counter: SharedArrayBuffer };

export type JobSpec = Job extends infer J ? (J extends Job ? Omit<J, "counter"> : never) : never;

/** An operation on the thread's prompt index (prompt-jobs.ts): stateful, so always the same worker. */
export interface PromptJob {
  kind: "prompts";
  task: PromptOp;
}

/** A category's diagnostics report (diagnostics/report.ts), answered as its JSON text. */
export interface DiagnosticsJob {
  kind: "diagnostics";
  category: string;
  columns: DiagnosticColumns;
  /** Its per-criterion answers, as objects (at most three a vote, only where switched on). */
  criterionVotes: CriterionVote[];
  params: DiagnosticsParams;
  features: ReportFeatures;
}

export function runDiagnosticsJob(job: DiagnosticsJob): string {
  return JSON.stringify(
    computeReport(job.category, fromColumns(job.columns), job.params, job.features, job.criterionVotes),
  );
}

/** What a worker is sent: `requestId` comes back with the answer, so jobs can overlap on one worker. */
type Request = (Job | PromptJob | DiagnosticsJob) & { requestId?: number };

export interface Piece<T> {
  index: number;
  result: T;
}

export function runJob(job: Job): Piece<PieceResult>[] {
  const counter = new Int32Array(job.counter);
  const out: Piece<PieceResult>[] = [];
  const { bounds } = job;
  let rounds: ((from: number, to: number) => RoundsResult) | null = null;
  for (let i = Atomics.add(counter, 0, 1); i < bounds.length - 1; i = Atomics.add(counter, 0, 1)) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    if (job.kind === "parse") {
      out.push({ index: i, result: readJsonlRange(job.path, from, to, job.opts) });
      continue;
    }
    if (job.kind === "fit") {
      out.push({ index: i, result: fitOne(job.jobs[from]) });
      continue;
    }
    // Built on the first piece this thread claims, then reused for the others.
    rounds ??= job.setup.kind === "bt" ? btRoundsRunner(job.setup) : styleRoundsRunner(job.setup);
    out.push({ index: i, result: rounds(from, to) });
  }
  return out;
}

function fitOne(job: FitJob): FitJobResult {
  try {
    return runFitJob(job);
  } catch (error) {
    throw new Error(
      `rating fit failed for ${job.category}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** Runs `job` on every pool worker and, when `local`, on this thread too; results in piece order. */
export async function runShared<T extends PieceResult>(
  job: JobSpec,
  pool: WorkerPool | null,
  local: boolean,
): Promise<T[]> {
  const full = { ...job, counter: new SharedArrayBuffer(4) } as Job;
  const remote = Array.from({ length: pool?.size ?? 0 }, (_, k) => pool!.run<Piece<T>[]>(k, full));
  const mine = local || !pool ? (runJob(full) as Piece<T>[]) : [];
  const pieces = [...mine, ...(await Promise.all(remote)).flat()];
  return pieces.sort((a, b) => a.index - b.index).map((p) => p.result);
}

/** Call from a worker entry module: answers jobs posted by WorkerPool until terminated. */
export function serveJobs(): void {
  const port = parentPort;
  if (!port) throw new Error("serveJobs must run inside a worker thread");
  port.on("message", (job: Request) => {
    const { requestId } = job;
    try {
      const result =
        job.kind === "prompts"
          ? runPromptOp(job.task)
          : job.kind === "diagnostics"
            ? runDiagnosticsJob(job)
            : runJob(job);
      port.postMessage({ ok: true, requestId, result });
    } catch (err) {
      port.postMessage({
        ok: false,
        requestId,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
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
  private nextRequest = 1;
  private readonly exited = new WeakSet<Worker>();

  constructor(
    private readonly url: URL,
    readonly size: number,
  ) {}

  private worker(k: number): Worker {
    while (this.workers.length <= k) this.workers.push(this.spawn());
    if (this.exited.has(this.workers[k])) this.workers[k] = this.spawn();
    return this.workers[k];
  }

  private spawn(): Worker {
    const w = spawnWorker(this.url);
    // Each job in flight listens on its worker; a busy prompt index may have many.
    w.setMaxListeners(0);
    // A worker that died between jobs is replaced on the next one (a job would wait forever).
    w.once("exit", () => this.exited.add(w));
    return w;
  }

  /** Runs one job on worker k (jobs on the same worker run in order). */
  run<T>(k: number, job: Job | PromptJob | DiagnosticsJob): Promise<T> {
    const w = this.worker(k);
    const requestId = this.nextRequest++;
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
      };
      const onMessage = (msg: { ok: boolean; requestId?: number; result?: T; error?: string }) => {
        if (msg.requestId !== requestId) return;
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
      w.postMessage({ ...job, requestId });
    });
  }

  /** Runs an operation on worker k's prompt index (see prompt-jobs.ts). */
  prompts<T extends PromptOpResult>(k: number, task: PromptOp): Promise<T> {
    return this.run<T>(k, { kind: "prompts", task });
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
 * Bootstrap rounds over the pool, this thread joining in when `local` (the CLI uses every core;
 * an app server keeps its event loop free).
 */
export function runRoundsParallel(
  setup: BtBootstrapSetup | StyleBootstrapSetup,
  rounds: number,
  pool: WorkerPool | null,
  local = true,
): Promise<RoundsResult[]> {
  const threads = (pool?.size ?? 0) + (local || !pool ? 1 : 0);
  const pieces = threads > 1 ? Math.min(rounds, threads * 8) : 1;
  const bounds = Array.from({ length: pieces + 1 }, (_, k) => Math.round((rounds * k) / pieces));
  return runShared<RoundsResult>({ kind: "rounds", setup, bounds }, pool, local);
}

/**
 * The app's per-category fits, one job per piece, on the pool's threads only (the server's
 * event loop stays free), or inline without a pool.
 */
export function runFitJobs(jobs: FitJob[], pool: WorkerPool | null): Promise<FitJobResult[]> {
  if (!pool) return Promise.resolve(jobs.map(runFitJob));
  const bounds = Array.from({ length: jobs.length + 1 }, (_, k) => k);
  return runShared<FitJobResult>({ kind: "fit", jobs, bounds }, pool, false);
}
