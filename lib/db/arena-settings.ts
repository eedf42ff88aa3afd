import "server-only";
import { ARENAS, type Arena } from "@/lib/arena/vote-criteria";
import { db } from "./client";
import { cached, clearReadCache } from "./read-cache";

export interface ArenaSettingsView {
  arena: Arena;
  criteriaEnabled: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** Both arenas' settings; an arena without a row has the defaults (criteria off). */
export async function getArenaSettings(): Promise<Record<Arena, ArenaSettingsView>> {
  const rows = await cached("arena-settings", () =>
    db.arenaSettings.findMany({
      select: { arena: true, criteriaEnabled: true, updatedBy: true, updatedAt: true },
    }),
  );
  const out = {} as Record<Arena, ArenaSettingsView>;
  for (const arena of ARENAS) {
    const row = rows.find((r) => r.arena === arena);
    out[arena] = {
      arena,
      criteriaEnabled: row?.criteriaEnabled ?? false,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
    };
  }
  return out;
}

/** Switches per-criterion votes on or off for one arena; the caller records the audit event. */
export async function setArenaCriteria(input: {
  arena: Arena;
  enabled: boolean;
  actor: string;
}): Promise<void> {
  await db.arenaSettings.upsert({
    where: { arena: input.arena },
    create: { arena: input.arena, criteriaEnabled: input.enabled, updatedBy: input.actor },
    update: { criteriaEnabled: input.enabled, updatedBy: input.actor, updatedAt: new Date() },
  });
  clearReadCache();
}
