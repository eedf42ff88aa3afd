import { describe, expect, it } from "vitest";
import { csvField, csvRow, parseCsv } from "./csv";

describe("csv", () => {
  it("quotes only fields with commas, quotes or line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
    expect(csvField(null)).toBe("");
    expect(csvField(3.5)).toBe("3.5");
  });

  it("round-trips awkward fields through a parser", () => {
    const fields = ['["a, b"]', 'He said "no"', "multi\r\nline\n", "", "ünïcødé 🙂", ","];
    const text = `${csvRow(fields)}\r\n${csvRow(["x", "y"])}\r\n`;
    expect(parseCsv(text)).toEqual([fields, ["x", "y"]]);
  });
});
