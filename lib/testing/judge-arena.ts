// A small arena of human-voted battles for LLM-judge tests (the db tests and the e2e
// spec share it, so it speaks plain SQL through whatever client the caller has).
// Every answer carries `score=N family=X` markers: the "humans" vote for the higher
// score (equal: a tie), and the scripted judges of e2e/fake-llm-server.ts read the same
// markers, so a judge's agreement, position bias and self-preference are known answers.

export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

export const CONTESTANT_FAMILIES = ["Acme", "Acme", "Beta", "Gamma", "Delta"] as const;
/** Scripted judge models (paused, weight 0: never dealt into battles) and their families. */
export const JUDGE_MODELS = {
  first: { model: "judge-first", organization: "Umpire" },
  score: { model: "judge-score", organization: "Umpire" },
  acme: { model: "judge-family-acme", organization: "Acme" },
  garbled: { model: "judge-garbled", organization: "Umpire" },
} as const;

export interface JudgeArena {
  prefix: string;
  contestants: string[];
  /** Judge model slugs by behaviour. */
  judges: Record<keyof typeof JUDGE_MODELS, string>;
  category: string;
}

/**
 * `battles` voted battles among five contestants (two of family Acme). `balanced`:
 * human votes alternate A, B, A, B… (scores set to match); otherwise they follow the
 * contestants' strengths with noise, ties included.
 */
export async function seedJudgeArena(
  run: RunSql,
  {
    prefix,
    battles,
    llmUrl,
    balanced = false,
  }: { prefix: string; battles: number; llmUrl: string; balanced?: boolean },
): Promise<JudgeArena> {
  const contestants = CONTESTANT_FAMILIES.map((_, i) => `${prefix}-m${i}`);
  const judges = Object.fromEntries(
    Object.entries(JUDGE_MODELS).map(([k, j]) => [k, `${prefix}-${j.model}`]),
  ) as JudgeArena["judges"];
  const category = `${prefix}-fixture`;
  await run(
    `INSERT INTO models (slug, display_name, organization, provider_kind, status, sampling_weight)
     SELECT $1 || '-m' || i, 'Judged contestant ' || i, ($2::text[])[i + 1], 'corpus', 'active', 0
     FROM generate_series(0, 4) i`,
    [prefix, CONTESTANT_FAMILIES],
  );
  for (const j of Object.values(JUDGE_MODELS)) {
    await run(
      `INSERT INTO models (slug, display_name, organization, provider_kind, provider_config, status, sampling_weight)
       VALUES ($1, $1, $2, 'openai_compatible', $3::jsonb, 'paused', 0)`,
      [`${prefix}-${j.model}`, j.organization, JSON.stringify({ baseURL: llmUrl, model: j.model })],
    );
  }
  const voter = `md5($1 || '-voter')::uuid`;
  await run(`INSERT INTO voters (id) VALUES (${voter})`, [prefix]);
  // Battle i: contestants x and y, their scores, and the human outcome they imply.
  const plan = `
    SELECT i, md5($1 || '-battle-' || i)::uuid AS id, x, y,
           CASE WHEN $3::boolean THEN CASE WHEN i % 2 = 0 THEN 9 ELSE 1 END ELSE (4 - x) * 2 + (i * 37 + x * 11) % 7 END AS sx,
           CASE WHEN $3::boolean THEN CASE WHEN i % 2 = 0 THEN 1 ELSE 9 END ELSE (4 - y) * 2 + (i * 53 + y * 13) % 7 END AS sy
    FROM (SELECT i, i % 5 AS x, (i + 1 + (i / 5) % 4) % 5 AS y FROM generate_series(0, $2 - 1) i) p`;
  await run(
    `INSERT INTO battles (id, mode, status, model_a_id, model_b_id, shown_left, sampler_name, sampler_version,
                          pair_probability, voter_id, category_tags)
     SELECT p.id, 'corpus', 'voted', ma.id, mb.id, 'a', 'judge-fixture', '1', 0.1, ${voter}, ARRAY[$1 || '-fixture']
     FROM (${plan}) p
     JOIN models ma ON ma.slug = $1 || '-m' || p.x
     JOIN models mb ON mb.slug = $1 || '-m' || p.y`,
    [prefix, battles, balanced],
  );
  await run(
    `INSERT INTO messages (battle_id, side, turn, role, content)
     SELECT p.id, s.side, 0, s.role, s.content
     FROM (${plan}) p, LATERAL (VALUES
       (NULL::"Side", 'user', 'Question ' || p.i || ': which answer is better?'),
       ('a'::"Side", 'assistant', 'An answer. score=' || p.sx || ' family=' || lower(($4::text[])[p.x + 1])),
       ('b'::"Side", 'assistant', 'Another answer. score=' || p.sy || ' family=' || lower(($4::text[])[p.y + 1]))
     ) AS s(side, role, content)`,
    [prefix, battles, balanced, CONTESTANT_FAMILIES],
  );
  await run(
    `INSERT INTO votes (battle_id, voter_id, outcome, counts_for_public)
     SELECT p.id, ${voter}, (CASE WHEN p.sx > p.sy THEN 'a' WHEN p.sx < p.sy THEN 'b' ELSE 'tie' END)::"Outcome", true
     FROM (${plan}) p`,
    [prefix, battles, balanced],
  );
  return { prefix, contestants, judges, category };
}
