import { describe, expect, it } from "vitest";
import { estimateTokens } from "@/lib/corpus/text";
import { estimateTokensFast } from "./tokens";

describe("estimateTokensFast", () => {
  it("agrees with the corpus importer's estimate on fixed cases", () => {
    const cases = [
      "",
      "Hello, world!",
      "internationalization is a longwordindeed",
      "12345 678 9",
      "code: `x = f(y) * 3;`\n\t- item\r\n",
      "\u0000\u001f weird controls",
      "naïve café",
      "漢字とカタカナ mixed with English",
      "emoji 🙂 here",
      "a1b2c3",
    ];
    for (const s of cases) expect(estimateTokensFast(s), JSON.stringify(s)).toBe(estimateTokens(s));
  });

  it("agrees on random ASCII text", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 500; k++) {
      const s = Array.from({ length: Math.floor(rand() * 200) }, () =>
        String.fromCharCode(Math.floor(rand() * 128)),
      ).join("");
      expect(estimateTokensFast(s)).toBe(estimateTokens(s));
    }
  });
});
