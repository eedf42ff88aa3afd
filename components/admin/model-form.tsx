import { saveModelAction } from "@/app/admin/models/actions";
import { ActionForm, Field, INPUT_CLASS } from "@/components/admin/action-form";
import type { AdminModelRow } from "@/lib/db/admin-models";

const KINDS = ["openai_compatible", "anthropic", "google", "corpus"] as const;

/** Add (no model) or edit a console model. Keys are never typed here: only an env var's name. */
export function ModelForm({ model }: { model?: AdminModelRow }) {
  const {
    baseURL,
    model: upstream,
    apiKeyEnv,
    ...rest
  } = (model?.providerConfig ?? {}) as Record<string, unknown>;
  const extra = Object.keys(rest).length > 0 ? JSON.stringify(rest) : "";
  return (
    <ActionForm
      action={saveModelAction}
      submitLabel={model ? "Save changes" : "Add model"}
      pendingLabel="Saving…"
      variant="primary"
      testId="model-form"
    >
      <input type="hidden" name="mode" value={model ? "edit" : "create"} />
      <div className="grid gap-3 sm:grid-cols-2">
        {model ? (
          <input type="hidden" name="slug" value={model.slug} />
        ) : (
          <Field
            label="Slug"
            name="slug"
            required
            placeholder="llama-3-8b"
            hint="Lowercase, digits, . _ - (stays fixed)"
          />
        )}
        <Field label="Display name" name="displayName" required defaultValue={model?.displayName} />
        <Field label="Organisation" name="organization" defaultValue={model?.organization ?? ""} />
        <Field label="Licence" name="license" defaultValue={model?.license ?? ""} />
        <Field
          label="Sampling weight"
          name="weight"
          type="number"
          step="any"
          min="0"
          defaultValue={model?.weight ?? 1}
          hint="0 keeps it registered but never drawn"
        />
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="openWeights" defaultChecked={model?.openWeights} /> Open weights
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Provider</span>
          <select
            name="kind"
            defaultValue={model?.providerKind ?? "openai_compatible"}
            className={INPUT_CLASS}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <Field
          label="Base URL"
          name="baseURL"
          type="url"
          defaultValue={String(baseURL ?? "")}
          placeholder="http://127.0.0.1:11434/v1"
        />
        <Field label="Upstream model name" name="model" defaultValue={String(upstream ?? "")} />
        <Field
          label="API key env var (name only)"
          name="apiKeyEnv"
          defaultValue={String(apiKeyEnv ?? "")}
          placeholder="OPENAI_API_KEY"
          autoComplete="off"
          hint="The NAME of a server environment variable; a pasted key is refused."
        />
      </div>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Other settings (JSON)</span>
        <textarea
          name="extra"
          defaultValue={extra}
          rows={2}
          className={`${INPUT_CLASS} font-mono`}
          placeholder='{"temperature": 0.7, "maxTokens": 1024, "systemPrompt": "…"}'
        />
      </label>
    </ActionForm>
  );
}
