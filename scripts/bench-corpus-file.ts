// Writes a synthetic JSONL corpus (our import format) for the import and vote benches:
// `prompts` prompts, each answered by every one of `models` models, answers of about
// `chars` characters. Streamed to disk, so any size costs the same memory.
import { once } from "node:events";
import { createWriteStream } from "node:fs";

const WORDS = "the a model answer prompt data value result first second list table code test vote pair".split(
  " ",
);

function text(seed: number, chars: number): string {
  let s = "";
  let x = seed;
  while (s.length < chars) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += `${WORDS[x % WORDS.length]} `;
  }
  return s.trimEnd();
}

export async function writeCorpusJsonl(
  file: string,
  { prompts, models, chars = 400 }: { prompts: number; models: number; chars?: number },
): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  for (let p = 0; p < prompts; p++) {
    const prompt = `Prompt ${p}: ${text(p, 80)}`;
    for (let m = 0; m < models; m++) {
      const line = JSON.stringify({
        prompt_id: `p${p}`,
        prompt,
        model: `bench-model-${String(m).padStart(2, "0")}`,
        response: text(p * models + m, chars),
        category: p % 5 === 0 ? "code" : "writing",
        language: "en",
      });
      if (!out.write(`${line}\n`)) await once(out, "drain");
      written++;
    }
  }
  out.end();
  await once(out, "finish");
  return written;
}
