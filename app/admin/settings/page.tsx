import { setArenaCriteriaAction } from "@/app/admin/settings/actions";
import { ActionForm } from "@/components/admin/action-form";
import { Panel } from "@/components/admin/panel";
import { VOTE_CRITERIA } from "@/lib/arena/vote-criteria";
import { requirePageRole } from "@/lib/auth";
import { getArenaSettings } from "@/lib/db/arena-settings";
import { CRITERION_MIN_VOTES } from "@/lib/ratings/diagnostics/criteria";

export const metadata = { title: "Arena settings" };

const ARENA_NAME = { corpus: "Fixed-prompt arena", live: "Live arena" } as const;

export default async function AdminSettingsPage() {
  await requirePageRole("maintainer");
  const settings = await getArenaSettings();
  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Per-criterion votes: after the main vote, voters may also say which answer was better on{" "}
        {VOTE_CRITERIA.map((c) => c.label.toLowerCase()).join(", ")} (left, right or tie; optional, keyboard
        first). Each criterion gets its own leaderboard once it has {CRITERION_MIN_VOTES} counted votes. Every
        change is in the audit log.
      </p>
      {(["live", "corpus"] as const).map((arena) => {
        const s = settings[arena];
        return (
          <Panel key={arena} id={`settings-${arena}`} title={ARENA_NAME[arena]}>
            <p className="mb-2 text-sm" data-testid={`criteria-state-${arena}`}>
              Per-criterion votes are <strong>{s.criteriaEnabled ? "on" : "off"}</strong>
              {s.updatedBy && s.updatedAt
                ? ` (last set by ${s.updatedBy}, ${s.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`
                : ""}
              .
            </p>
            <ActionForm
              action={setArenaCriteriaAction}
              testId={`criteria-${arena}`}
              choices={{
                name: "enabled",
                options: [
                  {
                    value: "on",
                    label: "Switch on",
                    current: s.criteriaEnabled,
                    testId: `criteria-${arena}-on`,
                  },
                  {
                    value: "off",
                    label: "Switch off",
                    current: !s.criteriaEnabled,
                    testId: `criteria-${arena}-off`,
                  },
                ],
              }}
            >
              <input type="hidden" name="arena" value={arena} />
            </ActionForm>
          </Panel>
        );
      })}
    </div>
  );
}
