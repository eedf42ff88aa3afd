import type { CorpusImportSummary } from "./types";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function list(names: string[], max = 12): string {
  return names.length > max
    ? `${names.slice(0, max).join(", ")}, … (${names.length - max} more)`
    : names.join(", ");
}

/** The multi-line summary the CLI and the seed print to stderr. */
export function formatImportSummary(s: CorpusImportSummary, label = "import:corpus"): string {
  const lines = [
    `${label}: ${s.files} file${s.files === 1 ? "" : "s"} in ${seconds(s.validateMs + s.importMs)} (validate ${seconds(s.validateMs)}, import ${seconds(s.importMs)})`,
  ];
  if (s.corporaCreated.length > 0) lines.push(`  corpora:   created ${list(s.corporaCreated)}`);
  if (s.corporaUpdated.length > 0)
    lines.push(`  corpora:   updated description/licence of ${list(s.corporaUpdated)}`);
  lines.push(`  prompts:   ${s.promptsCreated} new, ${s.promptsExisting} existing`);
  lines.push(
    `  responses: ${s.responsesCreated} new, ${s.responsesUnchanged} unchanged` +
      (s.duplicatesSkipped > 0 ? `, ${s.duplicatesSkipped} exact repeats in the input skipped` : ""),
  );
  lines.push(
    `  models:    ${s.modelsCreated.length} created${s.modelsCreated.length > 0 ? `: ${list(s.modelsCreated)}` : ""}`,
  );
  if (s.promptsDiffering > 0 || s.responsesDiffering > 0) {
    lines.push(
      `  warning:   ${s.promptsDiffering} prompts and ${s.responsesDiffering} responses differ from the stored ones and were left as stored` +
        " (imports never modify existing rows, which votes may refer to; import into a new --corpus to add a new version)",
    );
  }
  return lines.join("\n");
}
