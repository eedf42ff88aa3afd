// Fills votes.conv_metadata for votes stored before recordVote wrote it (or seeded by
// SQL, as the benchmarks do, or cleared by a migration that changed how it is
// counted), with the same function recordVote uses (lib/export/as-seen.ts): the
// messages' cl100k num_tokens and the vote's style features are refreshed with it.
// SQL can neither tokenize nor count markdown the way FastChat does, so this is the JS
// half of migrations 20261127000000_vote_conv_metadata and
// 20261203410000_cl100k_num_tokens; migrate() runs it after the SQL migrations.
// Not "server-only": the start script and tests call it outside Next.
import type pg from "pg";
import type { StoredSide } from "@/lib/arena/sides";
import { type MessageToMeasure, measureBattle } from "@/lib/export/as-seen";

interface MessageRow extends MessageToMeasure {
  battle_id: string;
}

/**
 * Fills every null conv_metadata, `batchSize` votes per transaction (a crash keeps
 * what was done; the partial index finds the rest). Returns how many it filled.
 */
export async function backfillConvMetadata(
  client: pg.Client,
  { batchSize = 2000, onProgress }: { batchSize?: number; onProgress?: (filled: number) => void } = {},
): Promise<number> {
  let filled = 0;
  // Keyset paging: the index entries of filled rows stay until a vacuum, and starting
  // every batch from the first would step over all of them again.
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows: votes } = await client.query<{ id: string; battle_id: string; shown_left: StoredSide }>(
      `SELECT v.id::text, v.battle_id::text, b.shown_left::text
       FROM votes v JOIN battles b ON b.id = v.battle_id
       WHERE v.conv_metadata IS NULL AND v.id > $2::uuid
       ORDER BY v.id LIMIT $1`,
      [batchSize, after],
    );
    if (votes.length === 0) return filled;
    after = votes[votes.length - 1].id;
    const { rows: messages } = await client.query<MessageRow>(
      `SELECT id::text, battle_id::text, turn, side::text, attempt, content, tokens, num_tokens AS "numTokens"
       FROM messages WHERE battle_id = ANY($1::uuid[])`,
      [votes.map((v) => v.battle_id)],
    );
    const byBattle = new Map<string, MessageRow[]>();
    for (const m of messages) {
      const list = byBattle.get(m.battle_id);
      if (list) list.push(m);
      else byBattle.set(m.battle_id, [m]);
    }
    const measured = votes.map((v) => measureBattle(byBattle.get(v.battle_id) ?? [], v.shown_left));
    const counts = measured.flatMap((m) => m.numTokens);
    if (counts.length > 0) {
      await client.query(
        `UPDATE messages m SET num_tokens = u.n
         FROM unnest($1::uuid[], $2::int[]) AS u(id, n) WHERE m.id = u.id`,
        [counts.map(([id]) => id), counts.map(([, n]) => n)],
      );
    }
    // By primary key only: with "AND conv_metadata IS NULL" the planner read every
    // vote still null through the partial index for each batch (a 1M-vote backfill
    // took 6 minutes). migrate() holds its lock, and the value is the same anyway.
    await client.query(
      `UPDATE votes v SET conv_metadata = u.m::json, style_features = COALESCE(u.s::jsonb, v.style_features)
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, m, s)
       WHERE v.id = u.id`,
      [
        votes.map((v) => v.id),
        measured.map((m) => m.convMetadata),
        // A vote seeded without messages (the benchmarks) keeps whatever style it was given.
        votes.map((v, i) => (byBattle.has(v.battle_id) ? JSON.stringify(measured[i].style) : null)),
      ],
    );
    filled += votes.length;
    onProgress?.(filled);
  }
}
