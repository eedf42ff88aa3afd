import { guardRequest } from "@/lib/abuse/guard";
import { streamVotesForExport } from "@/lib/db/export";
import { assertExportFiltersKnown } from "@/lib/db/export-stats";
import { replicaHeaders, replicaLag } from "@/lib/db/replica";
import { errorResponse } from "@/lib/errors";
import { exportFilename, tryAcquireExportSlot } from "@/lib/export/download";
import { parseExportQuery } from "@/lib/export/filters";
import { FORMATS } from "@/lib/export/formats";
import { exportSalt } from "@/lib/export/pseudonym";
import { exportStream, primeIterator } from "@/lib/export/stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/export/votes?format=fastchat|fastchat_jsonl|arena140k|arena140k_parquet|kaggle55k|dpo|kto&from&to&category
 * &models&models_match&anonymous_only&include_excluded&trl_format&explanations — streams the dump (see README
 * "Public API"); its dataset card is /api/export/votes/card with the same query.
 */
export async function GET(req: Request): Promise<Response> {
  let release: (() => void) | null = null;
  try {
    const { format, filters, plainStrings, explanations } = parseExportQuery(new URL(req.url).searchParams);
    await guardRequest("export", null);
    await assertExportFiltersKnown({ filters });
    release = tryAcquireExportSlot();
    if (!release) {
      return Response.json(
        { error: { code: "unavailable", message: "Too many exports are running; try again in a minute." } },
        { status: 503, headers: { "Retry-After": "60" } },
      );
    }
    const batches = await primeIterator(
      streamVotesForExport({
        filters,
        salt: exportSalt(),
        convMetadata: FORMATS[format].readsConvMetadata,
        explanations,
        sessions: FORMATS[format].readsSessions,
        dedup: FORMATS[format].readsDedup,
      }),
    );
    const done = release;
    const body = exportStream(
      batches,
      FORMATS[format],
      { includeExcluded: filters.includeExcluded, plainStrings, explanations },
      { onClose: () => done(), signal: req.signal },
    );
    release = null; // the stream owns the slot now
    return new Response(body, {
      headers: {
        "Content-Type": FORMATS[format].contentType,
        "Content-Disposition": `attachment; filename="${exportFilename(format, filters, new Date())}"`,
        // no-transform: Next would gzip CSV on the fly, which costs more CPU than the
        // export itself; compress in a proxy if bandwidth matters more.
        "Cache-Control": "no-store, no-transform",
        "Access-Control-Allow-Origin": "*",
        ...replicaHeaders(await replicaLag()),
      },
    });
  } catch (error) {
    release?.();
    return errorResponse(error);
  }
}
