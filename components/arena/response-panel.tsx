import type { SideResult } from "@/lib/arena/sides";
import type { RevealedModel } from "@/lib/arena/types";
import { Markdown } from "./markdown";
import { RevealedModelName, resultRing } from "./revealed-model";

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
  const ring = resultRing(outcome);
  return (
    <section
      aria-label={label}
      data-testid={testId}
      className={`flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${ring}`}
    >
      <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        <span className="font-medium">{label}</span>
        <RevealedModelName
          model={revealed}
          outcome={outcome}
          testId={`${testId}-model`}
          className="text-right"
        />
      </header>
      <div className="max-h-[60vh] overflow-y-auto px-4 py-3">
        <Markdown>{content}</Markdown>
      </div>
    </section>
  );
}
