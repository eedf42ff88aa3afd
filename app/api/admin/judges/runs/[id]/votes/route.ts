import { z } from "zod";
import { requireRoleOrToken } from "@/lib/auth";
import { getJudgeRun } from "@/lib/db/judge-run-views";
import { AppError, errorResponse } from "@/lib/errors";
import { FORMATS } from "@/lib/export/formats";
import { EXPORT_FORMATS } from "@/lib/export/types";
import { judgeVotesDump, judgeVotesFilename } from "@/lib/judges/export";

export const dynamic = "force-dynamic";

const Format = z.enum(EXPORT_FORMATS).default("fastchat");

/** GET ?format=…: the run's judge votes in a human dump's format, marked as judge votes. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    await requireRoleOrToken(request, "maintainer");
    const { id } = await params;
    const parsed = Format.safeParse(new URL(request.url).searchParams.get("format") ?? undefined);
    if (!parsed.success)
      throw new AppError("bad_request", `format must be one of ${EXPORT_FORMATS.join(", ")}.`);
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await getJudgeRun({ runId: id }) : null;
    if (!run) throw new AppError("not_found", "No judge run with this id.");
    const body = await judgeVotesDump(run.id, parsed.data, run.judge.slug);
    return new Response(body, {
      headers: {
        "Content-Type": FORMATS[parsed.data].contentType,
        "Content-Disposition": `attachment; filename="${judgeVotesFilename(run.id, parsed.data)}"`,
        "Cache-Control": "no-store",
        "X-Arena-Vote-Source": "llm-judge",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
