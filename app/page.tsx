import { CorpusArena } from "@/components/arena/corpus-arena";

export default function ArenaPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Which answer is better?</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Two anonymous models answered the same prompt. Vote, then see who they were.
        </p>
      </div>
      <CorpusArena />
    </div>
  );
}
