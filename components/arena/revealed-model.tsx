import type { SideResult } from "@/lib/arena/sides";
import type { RevealedModel } from "@/lib/arena/types";

// What both arenas show in a side's header once the vote is in: the model and whether it won.

/** Ring around a side's panel after the vote: green for the winner, red when both were bad. */
export function resultRing(outcome: SideResult | null): string {
  if (outcome === "won") return "ring-2 ring-emerald-500";
  if (outcome === "both_bad") return "ring-2 ring-rose-400";
  return "";
}

export function RevealedModelName({
  model,
  outcome,
  testId,
  className = "",
}: {
  model: RevealedModel | null;
  outcome: SideResult | null;
  testId: string;
  className?: string;
}) {
  if (!model) return <span className="text-zinc-400">anonymous</span>;
  return (
    <span data-testid={testId} className={`truncate ${className}`}>
      <span className="font-semibold">{model.displayName}</span>
      {model.organization ? <span className="text-zinc-500"> · {model.organization}</span> : null}
      {outcome === "won" ? <span className="ml-2 text-emerald-600">winner</span> : null}
    </span>
  );
}
