import { createJudgeRunAction } from "@/app/admin/judges/actions";
import { ActionForm, Field, INPUT_CLASS } from "@/components/admin/action-form";

/** The form that starts a judge run: judge, template, which battles, and the run's limits. */
export function JudgeRunForm({
  judges,
  templates,
}: {
  judges: { slug: string; displayName: string; organization: string | null }[];
  templates: { id: string; name: string; version: number }[];
}) {
  return (
    <ActionForm
      action={createJudgeRunAction}
      submitLabel="Start judge run"
      pendingLabel="Sampling…"
      variant="primary"
      testId="judge-run-form"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Judge model</span>
          <select name="judge" required className={INPUT_CLASS} data-testid="judge-model">
            {judges.map((j) => (
              <option key={j.slug} value={j.slug}>
                {j.displayName} ({j.slug}
                {j.organization ? `, ${j.organization}` : ""})
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Prompt template</span>
          <select name="templateId" required className={INPUT_CLASS}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} v{t.version}
              </option>
            ))}
          </select>
        </label>
        <Field label="Battles" name="size" type="number" min={1} max={20000} defaultValue={200} required />
        <Field
          label="Seed"
          name="seed"
          type="number"
          min={0}
          defaultValue={0}
          hint="Same seed, same sample"
        />
        <Field label="Category" name="category" placeholder="all" hint="A leaderboard category tag" />
        <Field
          label="Models"
          name="models"
          placeholder="all"
          hint="Comma-separated slugs: battles with any of them"
        />
        <Field label="Votes from" name="from" type="date" />
        <Field label="Votes before" name="to" type="date" />
        <Field
          label="Requests per minute"
          name="requestsPerMinute"
          type="number"
          min={1}
          placeholder="no limit"
        />
        <Field
          label="Token budget"
          name="maxTokens"
          type="number"
          min={1}
          placeholder="none"
          hint="Input + output; then the run pauses"
        />
        <Field
          label="$ per M input tokens"
          name="priceInPerMTok"
          type="number"
          min={0}
          step="any"
          placeholder="not priced"
        />
        <Field
          label="$ per M output tokens"
          name="priceOutPerMTok"
          type="number"
          min={0}
          step="any"
          placeholder="not priced"
        />
      </div>
    </ActionForm>
  );
}
