"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { INPUT_CLASS } from "./action-form";

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number }
  | { kind: "importing" }
  | { kind: "done"; text: string }
  | { kind: "failed"; message: string; problems: string[] };

/** Uploads one corpus file to /api/admin/corpora, showing upload progress, then the import's summary. */
export function CorpusUpload() {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "uploading" || phase.kind === "importing";

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = new FormData(event.currentTarget);
    // XMLHttpRequest, not fetch: it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/admin/corpora");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setPhase({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => setPhase({ kind: "importing" });
    xhr.onerror = () => setPhase({ kind: "failed", message: "The upload failed (network).", problems: [] });
    xhr.onload = () => {
      let json: { text?: string; error?: { message?: string; problems?: string[] } } = {};
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // handled below as a generic failure
      }
      if (xhr.status === 200 && json.text) {
        setPhase({ kind: "done", text: json.text });
        router.refresh();
      } else {
        setPhase({
          kind: "failed",
          message: json.error?.message ?? `The import failed (HTTP ${xhr.status}).`,
          problems: json.error?.problems ?? [],
        });
      }
    };
    setPhase({ kind: "uploading", percent: 0 });
    xhr.send(body);
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-3"
      aria-label="Import a corpus file"
      data-testid="corpus-upload"
    >
      <label className="block text-sm">
        <span className="mb-1 block font-medium">
          File (.json AlpacaEval, .jsonl / .ndjson one record a line)
        </span>
        <input type="file" name="file" required accept=".json,.jsonl,.ndjson" className="text-sm" />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Corpus name (optional)</span>
          <input
            name="corpus"
            className={INPUT_CLASS}
            maxLength={100}
            placeholder="default: alpaca_eval or the file name"
          />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Licence (optional)</span>
          <input name="license" className={INPUT_CLASS} maxLength={100} />
        </label>
      </div>
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Importing…" : "Import"}
      </Button>
      <div role="status" aria-live="polite" className="text-sm" data-testid="corpus-upload-status">
        {phase.kind === "uploading" ? (
          <>
            <progress max={100} value={phase.percent} className="w-full" /> Uploading {phase.percent}%
          </>
        ) : phase.kind === "importing" ? (
          <>
            <progress className="w-full" /> Validating every record, then importing…
          </>
        ) : phase.kind === "done" ? (
          <pre className="overflow-x-auto rounded bg-emerald-50 p-2 text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
            {phase.text}
          </pre>
        ) : phase.kind === "failed" ? (
          <div role="alert" className="text-rose-600 dark:text-rose-400">
            <p>{phase.message}</p>
            <ul className="list-disc pl-5 text-xs">
              {phase.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
