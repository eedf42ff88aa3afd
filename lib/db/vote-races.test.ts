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
