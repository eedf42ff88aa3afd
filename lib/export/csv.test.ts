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

  it("neutralises text cells a spreadsheet would run as a formula, not numbers", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField(-3.5)).toBe("-3.5");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("round-trips awkward fields through a parser", () => {
    const fields = ['["a, b"]', 'He said "no"', "multi\r\nline\n", "", "ünïcødé 🙂", ","];
    const text = `${csvRow(fields)}\r\n${csvRow(["x", "y"])}\r\n`;
    expect(parseCsv(text)).toEqual([fields, ["x", "y"]]);
  });
});
