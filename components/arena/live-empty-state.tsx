import example from "@/lib/providers/models.example.json";

/** Shown on the live tab when fewer than two live models are configured. */
export function LiveEmptyState({ configured }: { configured: number }) {
  return (
    <div
      data-testid="live-empty"
      className="space-y-3 rounded-lg border border-dashed border-zinc-300 p-6 text-sm dark:border-zinc-700"
    >
      <p className="text-base font-medium">Live battles need at least two models.</p>
      <p className="text-zinc-600 dark:text-zinc-400">
        {configured === 0 ? "No live model is configured yet." : "Only one live model is configured."} List
        your models in <code>models.json</code> at the repository root (or point{" "}
        <code>ARENA_MODELS_FILE</code> at another file) and restart the arena. Any OpenAI-compatible server
        works (Ollama, vLLM, llama.cpp, OpenRouter…), as do Anthropic and Google. API keys stay in environment
        variables: the file names the variable in <code>apiKeyEnv</code>, never the key. The schema is
        documented in <code>lib/providers/README.md</code>.
      </p>
      <details>
        <summary className="cursor-pointer font-medium">
          Example: <code>lib/providers/models.example.json</code>
        </summary>
        <pre className="mt-2 max-h-96 overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
          {JSON.stringify(example, null, 2)}
        </pre>
      </details>
      <p className="text-zinc-600 dark:text-zinc-400">
        Meanwhile, the <a href="/?mode=corpus">fixed-prompt arena</a> works with pre-generated answers.
      </p>
    </div>
  );
}
