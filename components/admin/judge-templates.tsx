import { saveJudgeTemplateAction } from "@/app/admin/judges/actions";
import { ActionForm, Field, INPUT_CLASS } from "@/components/admin/action-form";
import type { JudgeTemplateRow } from "@/lib/db/judge-runs";

function TemplateFields({ t }: { t?: JudgeTemplateRow }) {
  return (
    <>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">System prompt</span>
        <textarea name="systemPrompt" rows={5} defaultValue={t?.systemPrompt} className={INPUT_CLASS} />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">User message</span>
        <textarea
          name="userTemplate"
          rows={8}
          required
          defaultValue={t?.userTemplate}
          className={`${INPUT_CLASS} font-mono`}
        />
        <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
          Must contain {"{question}"}, {"{answer_a}"} (the answer shown first) and {"{answer_b}"}. The judge
          must answer [[A]], [[B]], [[TIE]] or [[BOTH_BAD]]; anything else is recorded as unparseable.
        </span>
      </label>
    </>
  );
}

/** Each template's newest version, editable: saving adds a version, runs keep theirs. */
export function JudgeTemplates({ templates }: { templates: (JudgeTemplateRow & { versions: number })[] }) {
  return (
    <div className="space-y-3">
      {templates.map((t) => (
        <details key={t.id} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
          <summary className="cursor-pointer text-sm font-medium">
            {t.name} v{t.version}{" "}
            <span className="font-normal text-zinc-500">
              ({t.versions} version{t.versions === 1 ? "" : "s"})
            </span>
          </summary>
          <ActionForm
            action={saveJudgeTemplateAction}
            submitLabel={`Save as v${t.version + 1}`}
            className="mt-2"
          >
            <input type="hidden" name="name" value={t.name} />
            <TemplateFields t={t} />
          </ActionForm>
        </details>
      ))}
      <details className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
        <summary className="cursor-pointer text-sm font-medium">New template</summary>
        <ActionForm action={saveJudgeTemplateAction} submitLabel="Save template" className="mt-2">
          <Field label="Name" name="name" required placeholder="strict-judge" />
          <TemplateFields t={templates[0]} />
        </ActionForm>
      </details>
    </div>
  );
}
