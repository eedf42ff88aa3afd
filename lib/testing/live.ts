import type { LiveEvent } from "@/lib/arena/live-schemas";
import type { ScreenSide } from "@/lib/arena/sides";
import type { ModelEntry } from "@/lib/providers/config";

/** Models-file entries pointing at the scripted server; the upstream name picks its behaviour. */
export function scriptedModels(baseURL: string, names: string[], weights: Record<string, number> = {}) {
  return names.map(
    (name): ModelEntry => ({
      slug: name,
      displayName: `Scripted ${name.toUpperCase()}`,
      organization: "Acme Research",
      openWeights: false,
      weight: weights[name] ?? 1,
      provider: {
        kind: "openai_compatible",
        baseURL,
        model: name,
        stallTimeoutMs: 800,
        firstTokenTimeoutMs: 1500,
        timeoutMs: 20_000,
      },
    }),
  );
}

/** Reads an NDJSON event stream to its end. */
export async function readEvents(
  stream: ReadableStream<Uint8Array>,
  onEvent?: (e: LiveEvent) => void,
): Promise<LiveEvent[]> {
  const events: LiveEvent[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line) {
        const event = JSON.parse(line) as LiveEvent;
        events.push(event);
        onEvent?.(event);
      }
      nl = buffered.indexOf("\n");
    }
  }
  return events;
}

export const textOf = (events: LiveEvent[], side: ScreenSide) =>
  events.flatMap((e) => (e.type === "delta" && e.side === side ? [e.text] : [])).join("");
