import type { ModelOrigin } from "@/lib/db/models-public";

const PROVIDER_LABEL: Record<ModelOrigin["providerKind"], string> = {
  openai_compatible: "an OpenAI-compatible API",
  anthropic: "Anthropic's API",
  google: "Google's API",
  corpus: "a corpus",
};

// UTC calendar dates: the page is rendered on the server, whose time zone says nothing about the reader's.
const day = (d: Date) => <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 10)}</time>;

/** Where a model's answers come from: its corpora and when they were imported, or its live backend. */
export function ModelOriginLine({ origin }: { origin: ModelOrigin }) {
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="model-origin">
      {origin.corpora.length > 0 ? (
        <>
          Answers imported from{" "}
          {origin.corpora.map((c, i) => (
            <span key={c.name}>
              {i > 0 ? (i === origin.corpora.length - 1 ? " and " : ", ") : null}
              corpus <strong className="font-medium">{c.name}</strong> ({c.responses}{" "}
              {c.responses === 1 ? "response" : "responses"}, {day(c.importedAt)})
            </span>
          ))}
          .
        </>
      ) : origin.providerKind === "corpus" ? (
        <>Imported {day(origin.addedAt)}; its corpus responses have since been removed.</>
      ) : (
        <>
          Live model answering through {PROVIDER_LABEL[origin.providerKind]}, added {day(origin.addedAt)}.
        </>
      )}
    </p>
  );
}
