import { guardRequest } from "@/lib/abuse/guard";
import { assertExportFiltersKnown, getExportStats, listCorpusLicenses } from "@/lib/db/export-stats";
import { replicaHeaders, replicaLag } from "@/lib/db/replica";
import { errorResponse } from "@/lib/errors";
import { buildDatasetCard } from "@/lib/export/card";
import { exportFilename } from "@/lib/export/download";
import { parseExportQuery } from "@/lib/export/filters";
import { CODE_VERSION } from "@/lib/leaderboard/version";

export const dynamic = "force-dynamic";

/** GET /api/export/votes/card?…same query as the dump… — the dump's dataset card (Markdown). */
export async function GET(req: Request): Promise<Response> {
  try {
    const url = new URL(req.url);
    const { format, filters } = parseExportQuery(url.searchParams);
    await guardRequest("card", null);
    await assertExportFiltersKnown({ filters });
    const [stats, corpora, lag] = await Promise.all([
      getExportStats({ filters }),
      listCorpusLicenses(),
      replicaLag(),
    ]);
    const query = new URLSearchParams(url.searchParams);
    query.set("format", format);
    const now = new Date();
    const card = buildDatasetCard({
      format,
      filters,
      stats,
      corpora,
      generatedAt: now,
      license: process.env.ARENA_EXPORT_LICENSE || "other",
      downloadPath: `/api/export/votes?${query}`,
      dataFile: exportFilename(format, filters, now),
      licenseName: process.env.ARENA_EXPORT_LICENSE_NAME || null,
      licenseLink: process.env.ARENA_EXPORT_LICENSE_LINK || null,
      codeVersion: CODE_VERSION,
    });
    return new Response(card, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": `inline; filename="${exportFilename(format, filters, now, "-README.md")}"`,
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
        ...replicaHeaders(lag),
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
