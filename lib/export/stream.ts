import type { ExportFormat } from "./formats";
import type { RowSink } from "./formats/format";
import { jsonStringMaxBytes, writeJsonString } from "./json-bytes";
import type { ExportVote, FormatOptions } from "./types";

// Pull-based: the next batch is taken from the source only when the consumer (the
// HTTP response) asks for more, and the source reads ahead only a bounded amount
// (lib/db/export.ts), so a slow client holds back the query instead of the server
// buffering the dump. A batch becomes one chunk (more if it exceeds 1 MB).

const CHUNK_BYTES = 1 << 20;

/**
 * Writes rows as UTF-8 straight into a 1 MB buffer. A flush that filled half of it or
 * more hands the buffer itself out as the chunk and starts a new one; a smaller chunk
 * is copied out, so that it does not hold a whole buffer while it waits to be sent.
 * Joining a batch into one string and encoding it cost a copy of every answer more (a
 * fifth of the export's CPU time); copying every chunk cost another 0.7 µs a vote.
 */
class ChunkWriter implements RowSink {
  private scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private at = 0;
  /** A JSON array's "," is owed before the next row (rows are only known to exist once written). */
  private owesSeparator = false;
  bytes = 0;

  constructor(
    private readonly emit: (chunk: Uint8Array) => void,
    private readonly eol: string,
    private readonly separator: string,
  ) {}

  /** Makes room for `bytes` more: flushes first when they do not fit, grows for a huge row. */
  private reserve(bytes: number): void {
    if (this.at + bytes > this.scratch.length) {
      this.flush();
      if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(bytes);
    }
  }

  /** Writes text outside any row (a header or the closing bracket). */
  raw(text: string): void {
    this.reserve(text.length * 3); // UTF-8 bytes per UTF-16 unit, at most
    this.at += this.scratch.write(text, this.at, "utf8");
  }

  text(text: string): void {
    if (this.owesSeparator) this.paySeparator();
    this.raw(text);
  }

  private paySeparator(): void {
    this.owesSeparator = false;
    this.raw(this.separator);
  }

  json(value: string): void {
    if (this.owesSeparator) this.paySeparator();
    const worst = jsonStringMaxBytes(value);
    if (worst > CHUNK_BYTES) {
      this.text(JSON.stringify(value));
    } else {
      this.reserve(worst);
      this.at = writeJsonString(this.scratch, this.at, value);
    }
  }

  endRow(): void {
    this.raw(this.eol);
    this.owesSeparator = this.separator !== "";
  }

  /** Emits what was written since the last flush; false when there was nothing. */
  flush(): boolean {
    if (this.at === 0) return false;
    this.bytes += this.at;
    let chunk: Uint8Array;
    if (this.at >= this.scratch.length / 2) {
      chunk = new Uint8Array(this.scratch.buffer, this.scratch.byteOffset, this.at);
      this.scratch = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    } else {
      // A small chunk must not hold a whole 1 MB buffer while it waits to be sent.
      chunk = new Uint8Array(this.scratch.subarray(0, this.at));
    }
    this.at = 0;
    this.emit(chunk);
    return true;
  }
}

const NO_FRAMING = { open: "", separator: "", close: "" };

export interface StreamStats {
  votes: number;
  rows: number;
  bytes: number;
}

export type CloseReason = "done" | "cancelled" | "error";

/**
 * Reads the first batch now, so that a failing query becomes an error response
 * (with a status code) instead of a 200 whose body stops short.
 */
export async function primeIterator<T>(it: AsyncIterator<T>): Promise<AsyncIterator<T>> {
  const first = await it.next();
  let pending: IteratorResult<T> | null = first;
  return {
    next: async () => {
      if (pending) {
        const r = pending;
        pending = null;
        return r;
      }
      return it.next();
    },
    return: async (value?: unknown) => (it.return ? it.return(value) : { done: true, value: undefined }),
  };
}

export interface StreamOptions {
  /** Called once when the dump ends, fails or is abandoned (release resources here). */
  onClose?: (stats: StreamStats, reason: CloseReason) => void;
  /** The request's signal: a client that goes away must not leave the query open. */
  signal?: AbortSignal;
  /** Abandon a dump nobody has read from for this long (a stuck or vanished client). */
  idleMs?: number;
}

/** Turns batches of votes into the bytes of a dump in `format`. */
export function exportStream(
  batches: AsyncIterator<ExportVote[]>,
  format: ExportFormat,
  opts: FormatOptions,
  { onClose, signal, idleMs = 10 * 60_000 }: StreamOptions = {},
): ReadableStream<Uint8Array> {
  const stats: StreamStats = { votes: 0, rows: 0, bytes: 0 };
  let closed = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const close = (reason: CloseReason) => {
    if (closed) return;
    closed = true;
    clearTimeout(idle);
    signal?.removeEventListener("abort", abandon);
    onClose?.(stats, reason);
  };
  // A consumer that stops reading without cancelling (the HTTP layer does not always
  // tell a locked body stream that its client left) would otherwise pin a database
  // connection and an export slot for good.
  function abandon() {
    if (closed) return;
    close("cancelled");
    void Promise.resolve(batches.return?.()).catch(() => {});
    try {
      controller.error(new Error("export abandoned"));
    } catch {
      // already closed
    }
  }
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(abandon, idleMs);
    idle.unref?.();
  };
  if (signal?.aborted) queueMicrotask(abandon);
  else signal?.addEventListener("abort", abandon, { once: true });
  const framing = format.framing ?? NO_FRAMING;
  const headerLine = format.header(opts);
  // The opening of the file: a JSON array's "[" and/or a CSV header line.
  let opening: string | null = framing.open + (headerLine === null ? "" : headerLine + format.eol);
  let controller: ReadableStreamDefaultController<Uint8Array>;
  const writer = new ChunkWriter((chunk) => controller.enqueue(chunk), format.eol, framing.separator);
  const binary = format.binary?.(opts) ?? null;
  let binaryBytes = 0;
  /** Enqueues what the binary encoder has ready; false when nothing. */
  const takeBinary = (): boolean => {
    const chunk = binary?.take();
    if (!chunk || chunk.length === 0) return false;
    binaryBytes += chunk.length;
    controller.enqueue(chunk);
    return true;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        armIdle();
      },
      async pull() {
        clearTimeout(idle);
        let emitted = false;
        if (opening !== null && !binary) {
          writer.raw(opening);
          opening = null;
        }
        for (;;) {
          let next: IteratorResult<ExportVote[]>;
          try {
            next = await batches.next();
          } catch (error) {
            // Headers are gone already: the client sees a cut-off body; the cause stays in our log.
            console.error("export stream failed", error);
            close("error");
            throw error;
          }
          if (next.done) {
            if (binary) {
              binary.end();
              takeBinary();
              stats.bytes = binaryBytes;
            } else {
              writer.raw(framing.close);
              writer.flush();
              stats.bytes = writer.bytes;
            }
            controller.close();
            close("done");
            return;
          }
          if (binary) {
            stats.rows += binary.add(next.value);
            stats.votes += next.value.length;
            emitted = takeBinary() || emitted;
            stats.bytes = binaryBytes;
            if (emitted) {
              armIdle();
              return;
            }
            continue;
          }
          for (const vote of next.value) {
            if (format.writeRows) {
              stats.rows += format.writeRows(vote, opts, writer);
            } else {
              const rows = format.rows(vote, opts);
              for (const row of rows) {
                writer.text(row);
                writer.endRow();
              }
              stats.rows += rows.length;
            }
            stats.votes++;
          }
          emitted = writer.flush() || emitted;
          stats.bytes = writer.bytes;
          // A batch can format to nothing (e.g. DPO over ties); read on rather than enqueue nothing.
          if (emitted) {
            armIdle();
            return;
          }
        }
      },
      async cancel() {
        close("cancelled");
        await batches.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
