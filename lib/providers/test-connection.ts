import type { ProviderModelConfig } from "./config";
import { streamChat } from "./stream-chat";

export type ConnectionTest =
  | { ok: true; firstTokenMs: number; latencyMs: number; text: string }
  | { ok: false; ms: number; message: string };

const PROMPT = "Reply with the single word OK.";

/** One short streamed request (few tokens, 20 s at most), as the console's "Test connection". */
export async function testModelConnection(
  config: ProviderModelConfig,
  { timeoutMs = 20_000 }: { timeoutMs?: number } = {},
): Promise<ConnectionTest> {
  const started = performance.now();
  const short = config.kind === "corpus" ? config : { ...config, maxTokens: 16, timeoutMs };
  let text = "";
  for await (const event of streamChat({
    model: short,
    messages: [{ role: "user", content: PROMPT }],
    signal: AbortSignal.timeout(timeoutMs + 1000),
  })) {
    if (event.type === "delta") text += event.text;
    else if (event.type === "done") {
      return {
        ok: true,
        firstTokenMs: event.firstTokenMs,
        latencyMs: event.latencyMs,
        text: text.slice(0, 80),
      };
    } else {
      return { ok: false, ms: Math.round(performance.now() - started), message: event.message };
    }
  }
  return {
    ok: false,
    ms: Math.round(performance.now() - started),
    message: "The stream ended without an answer.",
  };
}
