"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { type ExportFormValues, exportQuery } from "@/lib/export/query-string";
import type { ExportFormatId } from "@/lib/export/types";

export interface FormatInfo {
  id: ExportFormatId;
  label: string;
  summary: string;
}

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/**
 * The download links follow the form as it is edited; submitting it (a plain GET to
 * /data, so it works without JavaScript too) refreshes the counts for the filters.
 */
export function ExportForm({
  initial,
  categories,
  models,
  formats,
}: {
  initial: ExportFormValues;
  categories: string[];
  models: { slug: string; displayName: string }[];
  formats: FormatInfo[];
}) {
  const [v, setV] = useState<ExportFormValues>(initial);
  const set = <K extends keyof ExportFormValues>(k: K, value: ExportFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));
  const toggleModel = (slug: string, on: boolean) =>
    set("models", on ? [...v.models, slug].sort() : v.models.filter((m) => m !== slug));

  return (
    <div className="space-y-4">
      <form method="get" action="/data" className="grid gap-4 sm:grid-cols-2" aria-label="Export filters">
        <div>
          <label htmlFor="export-from" className="block text-sm font-medium">
            Votes from (UTC)
          </label>
          <input
            id="export-from"
            name="from"
            type="date"
            value={v.from}
            onChange={(e) => set("from", e.target.value)}
            className={input}
          />
        </div>
        <div>
          <label htmlFor="export-to" className="block text-sm font-medium">
            Votes until (UTC, inclusive)
          </label>
          <input
            id="export-to"
            name="to"
            type="date"
            value={v.to}
            onChange={(e) => set("to", e.target.value)}
            className={input}
          />
        </div>
        <div>
          <label htmlFor="export-category" className="block text-sm font-medium">
            Category
          </label>
          <select
            id="export-category"
            name="category"
            value={v.category}
            onChange={(e) => set("category", e.target.value)}
            className={input}
          >
            <option value="">Overall (every battle)</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Votes</legend>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="anonymous_only"
              value="true"
              checked={v.anonymousOnly}
              onChange={(e) => set("anonymousOnly", e.target.checked)}
            />
            Anonymous and corpus battles only (leave out named battles)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="include_excluded"
              value="true"
              checked={v.includeExcluded}
              onChange={(e) => set("includeExcluded", e.target.checked)}
            />
            Include votes excluded from the leaderboard (each row says why)
          </label>
        </fieldset>
        {models.length > 0 ? (
          <fieldset className="text-sm sm:col-span-2">
            <legend className="font-medium">Models (none ticked = all)</legend>
            <div className="mt-1 flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
              {models.map((m) => (
                <label key={m.slug} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name="models"
                    value={m.slug}
                    checked={v.models.includes(m.slug)}
                    onChange={(e) => toggleModel(m.slug, e.target.checked)}
                  />
                  {m.displayName}
                </label>
              ))}
            </div>
            <div className="mt-2 flex flex-wrap gap-4" role="radiogroup" aria-label="Battles kept">
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="models_match"
                  value="both"
                  checked={v.modelsMatch === "both"}
                  onChange={() => set("modelsMatch", "both")}
                />
                Both models ticked
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="models_match"
                  value="either"
                  checked={v.modelsMatch === "either"}
                  onChange={() => set("modelsMatch", "either")}
                />
                Either model ticked
              </label>
            </div>
          </fieldset>
        ) : null}
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" data-testid="update-counts">
            Update counts
          </Button>
        </div>
      </form>

      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {formats.map((f) => {
          const q = exportQuery(v, f.id);
          return (
            <li key={f.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium">{f.label}</p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{f.summary}</p>
              </div>
              <div className="flex shrink-0 gap-3 text-sm">
                <a
                  href={`/api/export/votes?${q}`}
                  download
                  data-testid={`download-${f.id}`}
                  className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500"
                >
                  Download
                </a>
                <a
                  href={`/api/export/votes/card?${q}`}
                  data-testid={`card-${f.id}`}
                  className="py-1.5 underline"
                >
                  Dataset card
                </a>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
