// The published prompt-labelling criteria of FastChat's classify/ (Apache-2.0,
// lm-sys/FastChat fastchat/serve/monitor/classify/category.py): the system prompts are
// the criteria themselves, kept word for word so that our labels mean what lmarena's
// `category_tag` means; the verdict parsing below follows their documented rules.
// Each category's result has lmarena's shape under lmarena's key.

export type CategoryKey = "criteria_v0.1" | "if_v0.1" | "math_v0.1" | "creative_writing_v0.1";
export const CATEGORY_KEYS: CategoryKey[] = [
  "criteria_v0.1",
  "if_v0.1",
  "math_v0.1",
  "creative_writing_v0.1",
];

export const HARD_CRITERIA = [
  "specificity",
  "domain_knowledge",
  "complexity",
  "problem_solving",
  "creativity",
  "technical_accuracy",
  "real_world",
] as const;

export type LabelResult =
  | Record<(typeof HARD_CRITERIA)[number], boolean>
  | { if: boolean; score: number | null }
  | { math: boolean }
  | { creative_writing: boolean; score: string | null };

export interface Category {
  key: CategoryKey;
  system: string;
  /** The user message sent with the prompt. */
  user(prompt: string): string;
  /** The label from the labeller's reply (an unreadable reply gives the negative label). */
  parse(reply: string): LabelResult;
}

/** The one distinct value among `matches`, or null when there is none or several. */
function single<T>(matches: T[]): T | null {
  const set = new Set(matches);
  return set.size === 1 ? matches[0] : null;
}

const HARD_SYSTEM =
  "Your task is to evaluate how well the following input prompts can assess the capabilities of advanced AI assistants.\n\nFor the input prompt, please analyze it based on the following 7 criteria.\n1. Specificity: Does the prompt ask for a specific output, such as code, a mathematical solution, a logical simplification, a problem-solving strategy, or a hardware setup recommendation? This specificity allows the AI to demonstrate its ability to understand and generate precise responses.\n2. Domain Knowledge: Does the prompt cover a specific domain, such as programming, mathematics, logic, problem-solving, or hardware setup? Prompts spanning a range of topics test the AI's breadth of knowledge and its ability to apply that knowledge to different domains.\n3. Complexity: Does the prompt vary in complexity, from straightforward tasks to more complex, multi-step problems? This allows evaluators to assess the AI's capability to handle problems of varying difficulty.\n4. Problem-Solving Skills: Does the prompt directly involves the AI to demonstrate active problem-solving skills, such systemically coming up with a solution for a specific setup instead of regurgitating an existing fact? This tests the AI's ability to apply logical reasoning and provide practical solutions.\n5. Creativity: Does the prompt involve a level of creativity in approaching the problem? This criterion tests the AI's ability to provide tailored solutions that take into account the user's specific needs and limitations.\n6. Technical Accuracy: Does the prompt require technical accuracy in the response? This allows evaluators to assess the AI's precision and correctness in technical fields.\n7. Real-world Application: Does the prompt relate to real-world applications, such as setting up a functional system or writing code for a practical use case? This tests the AI's ability to provide practical and actionable information that could be implemented in real-life scenarios.\n\nYou must list the criteria numbers that the prompt satisfies in the format of a Python array. For example, \"[...]\". Do not explain your choice.";

const IF_SYSTEM =
  "You are an AI assistant tasked with determining whether a given user prompt can effectively assess another AI's ability to follow instructions. Your goal is to analyze the prompt and decide if it contains specific, clear instructions that would test an AI's capability to understand and execute directions accurately. Carefully examine the user prompt and consider the following aspects:\n1. Does it contain specific instructions or requirements?\n2. Are there multiple steps or elements the AI needs to address?\n3. Does it ask for a particular format or structure in the response?\n4. Is there a unique or challenging aspect that would test the AI's ability to follow directions precisely?\n\nConsider both the content and the structure of the instructions. A good prompt for assessing instruction-following capabilities should have clear, specific directions that can be objectively evaluated. Think about why this prompt does or does not effectively assess an AI's ability to follow instructions. Consider both the strengths and weaknesses of the prompt in this regard. Output your verdict as a score from 0 to 5:\n0 = Does not evaluate instruction-following ability.\n1 = Ineffective at evaluating instruction-following ability.\n2 = Somewhat effective at evaluating instruction-following ability.\n3 = Effective at evaluating simple instruction-following ability.\n4 = Effective at evaluating more complex instruction-following ability.\n5 = Effective at evaluating advanced instruction-following ability.\n\nPresent your score in the following format:\n<score>[Your score from 0 to 5]</score>.\nDo NOT explain.";

const MATH_SYSTEM =
  'You are tasked with determining whether a given user prompt requires an AI assistant to solve a math problem and apply mathematical logic and reasoning.\n\nCarefully analyze the user prompt and consider whether it requires mathematical problem-solving skills to answer correctly. Think about the following aspects:\n\n1. Does it require the application of a specific mathematical concept or formula?\n2. Does the prompt involve numerical calculations or algebraic manipulation or logical reasoning?\n3. Is there a clear mathematical problem to be solved?\n4. Would answering this prompt demonstrate proficiency in a specific area in mathematics?\n\nOutput your verdict in the following format:"<decision>\n[yes/no]\n</decision>". Do NOT explain.';

const CREATIVE_SYSTEM =
  'You are tasked with determining whether a given user prompt is asking for creative writing. Creative writing is defined as any form of writing that goes beyond standard professional, journalistic, academic, or technical literature. It typically involves imagination, originality, and expression of thoughts and emotions. Creative writing can include, but is not limited to, the following formats:\n- Fiction (e.g., short stories, novels)\n- Poetry (e.g., sonnets, free verse)\n- Dramatic writing (e.g., screenplays, monologues, scripts)\n- Personal essays (focusing on subjective experiences or narrative storytelling)\n- Songs and lyrics\n\nCarefully analyze the user prompt and consider whether it primarily requires creative writing. Think about the following aspects:\n1. Does the prompt ask for fictional content, speculative scenarios, or the use of imagination to construct narratives?\n2. Does it encourage the expression of thoughts, emotions, or personal experiences beyond mere factual reporting or analysis?\n3. Is it asking for writing in a specific creative format (e.g., story, poem, script, etc)?\n4. Is the primary purpose of the prompt to foster creative expression or originality rather than information delivery, technical documentation, or analytical reasoning?\n5. Does the prompt request stylistic or rhetorical elements often associated with creative writing, such as metaphor, imagery, dialogue, etc?\n6. Does the prompt expect a response in natural language (e.g., sentences, paragraphs) rather than visual, mathematical, or non-linguistic output?\n\nOutput your verdict as either "yes" or "no"in the following format:\n<decision>\n[yes/no]\n</decision>. Do NOT explain.';

/** All of a regex's first capture groups in `text`, empty ones dropped. */
const groups = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]).filter((g) => g !== "");

export const CATEGORIES: Record<CategoryKey, Category> = {
  "criteria_v0.1": {
    key: "criteria_v0.1",
    system: HARD_SYSTEM,
    user: (prompt) => prompt,
    parse(reply) {
      // One distinct Python-style list of single digits, e.g. "[1, 2, 6]".
      const list = single(groups(/(\[\d(?:,\s\d)*\])/g, reply));
      const met = new Set(list === null ? [] : (JSON.parse(list) as number[]));
      return Object.fromEntries(HARD_CRITERIA.map((name, i) => [name, met.has(i + 1)])) as LabelResult;
    },
  },
  "if_v0.1": {
    key: "if_v0.1",
    system: IF_SYSTEM,
    user: (prompt) => `<user_prompt>${prompt}</user_prompt>`,
    parse(reply) {
      const s = single(groups(/<score>([012345])<\/score>/g, reply));
      const score = s === null ? null : Number(s);
      // As published: a score of 0 reads as "no score" for the boolean (it is falsy there).
      return { if: score ? score >= 4 : false, score };
    },
  },
  "math_v0.1": {
    key: "math_v0.1",
    system: MATH_SYSTEM,
    user: (prompt) => `<user_prompt>\n${prompt}\n</user_prompt>`,
    parse(reply) {
      const d = single(groups(/<decision>(\w+)<\/decision>/g, reply.replaceAll("\n", "").toLowerCase()));
      return { math: d === "yes" };
    },
  },
  "creative_writing_v0.1": {
    key: "creative_writing_v0.1",
    system: CREATIVE_SYSTEM,
    user: (prompt) => `<user_prompt>\n${prompt}\n</user_prompt>`,
    parse(reply) {
      const cleaned = reply.replace(/[\n[\] ]/g, "").toLowerCase();
      const d = single(groups(/<decision>(\w+)<\/decision>/g, cleaned));
      return { creative_writing: d === "yes", score: d };
    },
  },
};

/** Leaderboard category tags a prompt's labels give it ("hard prompts" = at least 6 of the 7 criteria). */
export function tagsFromLabels(labels: Partial<Record<CategoryKey, LabelResult>>): string[] {
  const tags: string[] = [];
  const hard = labels["criteria_v0.1"] as Record<string, boolean> | undefined;
  if (hard && HARD_CRITERIA.filter((c) => hard[c]).length >= 6) tags.push("hard");
  if ((labels["if_v0.1"] as { if?: boolean } | undefined)?.if) tags.push("if");
  if ((labels["math_v0.1"] as { math?: boolean } | undefined)?.math) tags.push("math");
  if ((labels["creative_writing_v0.1"] as { creative_writing?: boolean } | undefined)?.creative_writing)
    tags.push("creative_writing");
  return tags;
}
