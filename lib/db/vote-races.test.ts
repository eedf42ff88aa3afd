import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { dealCorpusBattle } from "@/lib/battles/deal-corpus";
import { resetDb } from "@/lib/testing/db";
import { TEST_DATABASE_URL } from "@/lib/testing/db-url";
import { newVoterId, seedSmallCorpus } from "@/lib/testing/fixtures";
import { db } from "./client";
import { recordVote } from "./votes";

describe("a vote racing a change of the battle's answers", () => {
  beforeEach(resetDb);

  it("waits for the change and refuses the vote when the answers are being regenerated", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    const battle = (await dealCorpusBattle({ voterId }))!;
    // What a regeneration does in its transaction: lock the battle, mark it pending, add an attempt.
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query("BEGIN");
    await other.query("SELECT 1 FROM battles WHERE id = $1 FOR UPDATE", [battle.id]);
    await other.query("UPDATE battles SET status = 'pending' WHERE id = $1", [battle.id]);
    await other.query(
      `INSERT INTO messages (battle_id, side, turn, attempt, role, content) VALUES ($1, 'a', 0, 1, 'assistant', '')`,
      [battle.id],
    );
    const vote = recordVote({ battleId: battle.id, voterId, choice: "left" }).then(
      () => "recorded",
      (e) => e.code as string,
    );
    await new Promise((r) => setTimeout(r, 300));
    await other.query("COMMIT");
    await other.end();
    expect(await vote).toBe("conflict");
    expect(await db.vote.count()).toBe(0);
    expect((await db.battle.findUniqueOrThrow({ where: { id: battle.id } })).status).toBe("pending");
  });
});

describe("a vote chosen as a deadlock's victim", () => {
  beforeEach(resetDb);

  it("runs again and is stored once, the aggregates exact", async () => {
    await seedSmallCorpus();
    const voterId = newVoterId();
    const dealt = (await dealCorpusBattle({ voterId }))!;
    const battle = await db.battle.findUniqueOrThrow({ where: { id: dealt.id } });
    // Another transaction (as a quarantine rewriting votes would) holds the aggregate row
    // this vote's trigger needs, then waits for the battle the vote has locked: a deadlock,
    // which Postgres breaks by aborting the vote (the other side waits 20 s before checking).
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query("BEGIN");
    await other.query("SET LOCAL deadlock_timeout = '20s'");
    await other.query(
      `INSERT INTO vote_aggregates (category, model_a_id, model_b_id, outcome, counted, n, weight, idsum)
       VALUES ('overall', $1, $2, $3, true, 0, 0, 0)`,
      [battle.modelAId, battle.modelBId, battle.shownLeft],
    );
    const vote = recordVote({ battleId: battle.id, voterId, choice: "left" });
    await new Promise((r) => setTimeout(r, 300));
    await other.query("SELECT 1 FROM battles WHERE id = $1 FOR UPDATE", [battle.id]);
    await other.query("ROLLBACK");
    await other.end();
    expect((await vote).status).toBe("ok");
    expect(await db.vote.count()).toBe(1);
    const [agg] = await db.$queryRaw<{ n: number }[]>`
      SELECT sum(n)::int AS n FROM vote_aggregates WHERE category = 'overall'`;
    expect(agg.n).toBe(1);
  });
});

describe("record_vote needs no transaction of the caller", () => {
  it("is one statement: callable from a plain pg client in autocommit", async () => {
    await resetDb();
    await seedSmallCorpus();
    const voterId = newVoterId();
    const battleId = (await dealCorpusBattle({ voterId }))!.id;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const [{ fingerprint }] = (
        await client.query("SELECT battle_vote_fingerprint($1::uuid) AS fingerprint", [battleId])
      ).rows;
      const { rows } = await client.query(
        `SELECT * FROM record_vote($1, $2, $3, 'b', '{}', NULL, NULL, NULL, '{}', '{}', '{}', '{}', NULL, NULL, NULL)`,
        [battleId, voterId, fingerprint],
      );
      expect(rows).toEqual([{ status: "ok", outcome: "b", counts_for_public: true, exclusion_reason: null }]);
      const again = await client.query(
        `SELECT * FROM record_vote($1, $2, $3, 'a', '{}', NULL, NULL, NULL, '{}', '{}', '{}', '{}', NULL, NULL, NULL)`,
        [battleId, voterId, fingerprint],
      );
      expect(again.rows[0]).toMatchObject({ status: "already_voted", outcome: "b" });
    } finally {
      await client.end();
    }
  });
});
