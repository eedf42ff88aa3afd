import type { SideResult } from "@/lib/arena/sides";
import type { RevealedModel } from "@/lib/arena/types";
import { Markdown } from "./markdown";

export function ResponsePanel({
  label,
  content,
  revealed,
  outcome,
  testId,
}: {
  label: string;
  content: string;
  revealed: RevealedModel | null;
  outcome: SideResult | null;
  testId: string;
}) {
  const ring =
    outcome === "won" ? "ring-2 ring-emerald-500" : outcome === "both_bad" ? "ring-2 ring-rose-400" : "";
  return (
    <section
      aria-label={label}
      data-testid={testId}
      className={`flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${ring}`}
    >
      <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        <span className="font-medium">{label}</span>
        {revealed ? (
          <span data-testid={`${testId}-model`} className="truncate text-right">
            <span className="font-semibold">{revealed.displayName}</span>
            {revealed.organization ? <span className="text-zinc-500"> · {revealed.organization}</span> : null}
            {outcome === "won" ? <span className="ml-2 text-emerald-600">winner</span> : null}
          </span>
        ) : (
          <span className="text-zinc-400">anonymous</span>
        )}
      </header>
      <div className="max-h-[60vh] overflow-y-auto px-4 py-3">
        <Markdown>{content}</Markdown>
      </div>
    </section>
  );
}
