// A streaming splitter for one top-level JSON array: it finds where each element
// starts and ends (tracking strings, escapes and nesting) and JSON.parses each
// element on its own, so memory holds one element at a time instead of the whole
// file, and an error names the element's index and line. No dependency needed.

export type JsonArrayItem =
  | { index: number; line: number; value: unknown }
  | { index: number; line: number; error: string };

/** The file is not a JSON array at all, or its brackets/commas are broken; reading stops. Line 0: no position. */
export class JsonArrayStructureError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "JsonArrayStructureError";
  }
}

const Phase = { BeforeArray: 0, BeforeItem: 1, InItem: 2, AfterArray: 3 } as const;

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

/** `invalid JSON (…)` on one line: V8's message quotes the offending text, newlines and all. */
export function jsonErrorReason(error: unknown): string {
  return `invalid JSON (${(error as Error).message.replace(/\s+/g, " ")})`;
}

function parseItem(text: string, index: number, line: number): JsonArrayItem {
  try {
    return { index, line, value: JSON.parse(text) };
  } catch (error) {
    return { index, line, error: jsonErrorReason(error) };
  }
}

/** Yields every element of the array in `chunks`; throws JsonArrayStructureError for a broken outline. */
export async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<JsonArrayItem> {
  let phase: number = Phase.BeforeArray;
  let line = 1;
  let index = 0;
  let afterComma = false;
  let sawAnything = false;
  // State of the element being read.
  let parts: string[] = [];
  let itemLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (phase === Phase.InItem) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          else if (c === NEWLINE) line++;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === NEWLINE) line++;
        else if (c === 123 || c === 91)
          depth++; // { [
        else if (c === 125 && depth > 0)
          depth--; // }
        else if (c === 93 && depth > 0)
          depth--; // ]
        else if (depth === 0 && (c === COMMA || c === 93)) {
          parts.push(chunk.slice(start, i));
          yield parseItem(parts.join(""), index++, itemLine);
          parts = [];
          phase = c === COMMA ? Phase.BeforeItem : Phase.AfterArray;
          afterComma = c === COMMA;
        }
        continue;
      }
      if (c === NEWLINE) line++;
      if (isSpace(c)) continue;
      sawAnything = true;
      if (phase === Phase.BeforeArray) {
        if (c !== 91) {
          throw new JsonArrayStructureError(
            line,
            `expected a JSON array starting with "[", found ${JSON.stringify(chunk[i])}`,
          );
        }
        phase = Phase.BeforeItem;
      } else if (phase === Phase.BeforeItem) {
        if (c === 93 && !afterComma) {
          phase = Phase.AfterArray;
        } else if (c === 93 || c === COMMA) {
          throw new JsonArrayStructureError(
            line,
            `unexpected ${JSON.stringify(chunk[i])} after item ${index - 1}`,
          );
        } else {
          phase = Phase.InItem;
          itemLine = line;
          depth = 0;
          inString = false;
          escaped = false;
          start = i;
          i--; // re-read this character as the element's first
        }
      } else {
        throw new JsonArrayStructureError(
          line,
          `unexpected ${JSON.stringify(chunk[i])} after the closing "]"`,
        );
      }
    }
    if (phase === Phase.InItem) parts.push(chunk.slice(start));
  }

  if (!sawAnything) throw new JsonArrayStructureError(0, "file is empty");
  if (phase !== Phase.AfterArray) {
    throw new JsonArrayStructureError(line, `unexpected end of file: the array is not closed with "]"`);
  }
}
