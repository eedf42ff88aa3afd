import type { Rng } from "./pairing";

// "Surprise me": varied everyday tasks (writing, code, reasoning, explanation) so a
// voter can start without an idea. None asks a model about itself, which would leak.
export const SAMPLE_PROMPTS: readonly string[] = [
  "Explain the difference between a process and a thread to a new programmer, with an analogy.",
  "Write a Python function that returns the n-th Fibonacci number in O(log n) time, and explain why it works.",
  "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much is the ball? Show your reasoning.",
  "Write a haiku sequence (three haiku) about a city waking up in the rain.",
  "What are three good arguments for and against a four-day work week?",
  "Summarise the causes of the 2008 financial crisis in five bullet points.",
  "Give me a 3-day beginner workout plan that needs no equipment.",
  "Translate 'Where is the nearest train station, and when does the last train leave?' into French, Spanish and German.",
  "Write a SQL query that finds the second highest salary per department, and explain the edge cases.",
  "Explain how public-key cryptography lets two strangers agree on a secret, without equations.",
  "Draft a polite email declining a meeting invitation and proposing two alternative times.",
  "What is the Monty Hall problem, and why does switching doors win two times out of three?",
];

export function pickSamplePrompt(rng: Rng = Math.random, current?: string): string {
  const choices = SAMPLE_PROMPTS.filter((p) => p !== current);
  return choices[Math.floor(rng() * choices.length)] ?? SAMPLE_PROMPTS[0];
}
