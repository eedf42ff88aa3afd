import type { LeakDetector, LeakFinding, LeakSide } from "./leak-detection";

// Scans an answer while it streams. Rescanning the whole text on every chunk would be
// quadratic in its length, so each scan covers only the new text plus an overlap long
// enough for the longest pattern ("I am … developed by the team at X Y Z" ≈ 250 chars);
// matches that touch the end are left for the next scan, since the word may continue.

export const SCAN_OVERLAP = 400;

export interface StreamingLeakScanner {
  /** Adds a chunk; returns findings not reported before. */
  push(chunk: string): LeakFinding[];
  /** The text is complete: matches at its very end count now. */
  finish(): LeakFinding[];
  readonly text: string;
}

export function createStreamingLeakScanner(detect: LeakDetector, side: LeakSide): StreamingLeakScanner {
  let text = "";
  let scannedTo = 0;
  const seen = new Set<string>();

  const scan = (partial: boolean): LeakFinding[] => {
    let from = Math.max(0, scannedTo - SCAN_OVERLAP);
    if (from > 0) {
      // Start on a word boundary so the window never begins inside a word.
      const space = text.slice(from).search(/\s/);
      from = space < 0 ? text.length : from + space + 1;
    }
    scannedTo = text.length;
    const fresh: LeakFinding[] = [];
    for (const f of detect(text.slice(from), { side, partial })) {
      const key = `${f.reason}:${f.term.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fresh.push(f);
    }
    return fresh;
  };

  return {
    push(chunk) {
      text += chunk;
      return scan(true);
    },
    finish: () => scan(false),
    get text() {
      return text;
    },
  };
}
