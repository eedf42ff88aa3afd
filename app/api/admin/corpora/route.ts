import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { requireRoleOrToken } from "@/lib/auth";
import { formatImportSummary } from "@/lib/corpus/summary";
import { recordAudit } from "@/lib/db/audit";
import { importCorpusFiles } from "@/lib/db/corpora";
import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

const MAX_BYTES = 200 * 1024 * 1024;
const Options = z.object({
  corpus: z.string().trim().max(100).optional(),
  license: z.string().trim().max(100).optional(),
  description: z.string().trim().max(2000).optional(),
});
const blank = (v: FormDataEntryValue | null) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/**
 * Imports one uploaded corpus file (multipart field `file`; optional `corpus`, `license`,
 * `description`) with the same validation as `npm run import:corpus`: every record is
 * checked first and a bad file imports nothing (400 with the problems).
 */
export async function POST(request: Request): Promise<Response> {
  let dir: string | null = null;
  try {
    const actor = await requireRoleOrToken(request, "maintainer");
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) {
      throw new AppError("payload_too_large", "The file is larger than 200 MB; use npm run import:corpus.");
    }
    const form = await request.formData().catch(() => {
      throw new AppError("bad_request", 'Send the file as multipart/form-data in the field "file".');
    });
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      throw new AppError("bad_request", "Choose a non-empty file to import.");
    const ext = path.extname(file.name).toLowerCase();
    if (![".json", ".jsonl", ".ndjson"].includes(ext)) {
      throw new AppError(
        "bad_request",
        "The file must be .json (AlpacaEval) or .jsonl / .ndjson (one record a line).",
      );
    }
    const options = Options.parse({
      corpus: blank(form.get("corpus")),
      license: blank(form.get("license")),
      description: blank(form.get("description")),
    });
    dir = await mkdtemp(path.join(tmpdir(), "arena-upload-"));
    // The default corpus name of a JSONL file is its base name, so keep it (made safe).
    const safeName = `${
      path
        .basename(file.name, ext)
        .replace(/[^A-Za-z0-9._-]/g, "_")
        .slice(0, 80) || "upload"
    }${ext}`;
    const stored = path.join(/* turbopackIgnore: true */ dir, safeName);
    await writeFile(stored, Buffer.from(await file.arrayBuffer()));
    const result = await importCorpusFiles({ files: [stored], ...options });
    if (result.status === "invalid") {
      return Response.json(
        {
          error: {
            code: "bad_request",
            message: `${result.errorCount} problem${result.errorCount === 1 ? "" : "s"} found; nothing was imported.`,
            problems: result.errors.map((e) => e.replace(stored, file.name)),
          },
        },
        { status: 400 },
      );
    }
    await recordAudit({
      actor,
      action: "corpus.import",
      target: [...result.summary.corporaCreated, ...result.summary.corporaUpdated].join(", "),
      details: { file: file.name, bytes: file.size, ...result.summary },
    });
    return Response.json({
      ok: true,
      summary: result.summary,
      text: formatImportSummary(result.summary, file.name),
    });
  } catch (error) {
    if (error instanceof z.ZodError) return new AppError("bad_request", error.issues[0].message).toResponse();
    return errorResponse(error);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
