import Link from "next/link";
import { CorpusArena } from "@/components/arena/corpus-arena";
import { LiveArena } from "@/components/arena/live-arena";
import { LiveEmptyState } from "@/components/arena/live-empty-state";
import { getArenaSettings } from "@/lib/db/arena-settings";
import { getLiveArenaInfo } from "@/lib/db/models";

export const dynamic = "force-dynamic";

type Mode = "live" | "corpus";

function Tab({ mode, current, children }: { mode: Mode; current: Mode; children: React.ReactNode }) {
  return (
    <Link
      href={`/?mode=${mode}`}
      data-testid={`tab-${mode}`}
      aria-current={mode === current ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${
        mode === current
          ? "bg-white shadow-sm dark:bg-zinc-800"
          : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
      }`}
    >
      {children}
    </Link>
  );
}

/** The arena: live battles by default once two live models exist, else the fixed-prompt corpus mode. */
export default async function ArenaPage({ searchParams }: { searchParams: Promise<{ mode?: string }> }) {
  const { mode: requested } = await searchParams;
  const [info, settings] = await Promise.all([getLiveArenaInfo(), getArenaSettings()]);
  const mode: Mode =
    requested === "corpus" || requested === "live" ? requested : info.options.length >= 2 ? "live" : "corpus";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Which answer is better?</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {mode === "live"
              ? "Type a prompt; two anonymous models answer side by side. Vote, then see who they were."
              : "Two anonymous models answered the same prompt. Vote, then see who they were."}
          </p>
          {mode === "live" && (
            <p data-testid="public-data-notice" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              Prompts, answers and votes become part of the public vote data: do not type anything personal
              (e-mail addresses and phone numbers are masked, other details are not).
            </p>
          )}
        </div>
        <nav
          aria-label="Arena mode"
          className="inline-flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900"
        >
          <Tab mode="live" current={mode}>
            Live
          </Tab>
          <Tab mode="corpus" current={mode}>
            Fixed prompts
          </Tab>
        </nav>
      </div>
      {mode === "corpus" ? (
        <CorpusArena criteria={settings.corpus.criteriaEnabled} />
      ) : info.options.length >= 2 ? (
        <LiveArena options={info.options} drawable={info.drawable} criteria={settings.live.criteriaEnabled} />
      ) : (
        <LiveEmptyState configured={info.options.length} />
      )}
    </div>
  );
}
