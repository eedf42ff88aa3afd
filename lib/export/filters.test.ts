import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeFilters, parseExportQuery } from "./filters";
import { EMPTY_FORM, exportQuery, formValuesFrom } from "./query-string";
import { DEFAULT_FILTERS } from "./types";

const parse = (q: string) => parseExportQuery(new URLSearchParams(q));
const fails = (q: string): string => {
  try {
    parse(q);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    return (e as AppError).message;
  }
  throw new Error(`expected ${q} to be refused`);
};

describe("parseExportQuery", () => {
  it("defaults to FastChat and no filters", () => {
    expect(parse("")).toEqual({
      format: "fastchat",
      filters: DEFAULT_FILTERS,
      plainStrings: false,
      explanations: false,
    });
    expect(parse("category=overall").filters.category).toBeNull();
  });

  it("takes explanations for kaggle55k, DPO and KTO only (fastchat and arena140k always carry them)", () => {
    expect(parse("format=kaggle55k&explanations=true").explanations).toBe(true);
    expect(parse("format=kto").explanations).toBe(false);
    expect(() => parse("format=fastchat&explanations=true")).toThrow(
      /explanations.*only the kaggle55k, dpo and kto/,
    );
  });

  it("takes trl_format for DPO/KTO only (conversational unless standard is asked for)", () => {
    expect(parse("format=dpo").plainStrings).toBe(false);
    expect(parse("format=kto&trl_format=standard").plainStrings).toBe(true);
    expect(parse("format=dpo&trl_format=conversational").plainStrings).toBe(false);
    expect(() => parse("format=fastchat&trl_format=standard")).toThrow(/trl_format.*only the dpo and kto/);
    expect(() => parse("format=dpo&trl_format=chat")).toThrow(/trl_format.*conversational or standard/);
  });

  it("reads every filter", () => {
    const { format, filters } = parse(
      "format=kto&from=2026-01-01&to=2026-01-31T12:00:00%2B02:00&category=lang:en&models=b,a&models=c&models_match=either&anonymous_only=true&include_excluded=1",
    );
    expect(format).toBe("kto");
    expect(filters).toEqual({
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2026-01-31T10:00:00Z"),
      category: "lang:en",
      models: ["a", "b", "c"],
      modelsMatch: "either",
      anonymousOnly: true,
      includeExcluded: true,
    });
  });

  it("a bare `to` date includes that whole day; date-times without an offset are UTC", () => {
    expect(parse("to=2026-01-31").filters.to).toEqual(new Date("2026-02-01T00:00:00Z"));
    expect(parse("from=2026-01-31T08:30").filters.from).toEqual(new Date("2026-01-31T08:30:00Z"));
  });

  it("refuses bad values and unknown parameters with a reason naming them", () => {
    expect(fails("format=parquet")).toMatch(/format/);
    expect(fails("from=yesterday")).toMatch(/from/);
    expect(fails("from=2026-02-30")).toMatch(/from/);
    expect(fails("from=2026-02-01&to=2026-01-01")).toMatch(/before/);
    expect(fails("include_excluded=maybe")).toMatch(/include_excluded/);
    expect(fails("models_match=all&models=a")).toMatch(/models_match/);
    expect(fails("include_exclued=true")).toMatch(/include_exclued/);
    expect(fails("models=a%20b")).toMatch(/models/);
    expect(fails("format=dpo&format=kto")).toMatch(/format/);
  });

  it("describes the filters in words", () => {
    const text = describeFilters(parse("models=a,b&anonymous_only=true").filters).join("\n");
    expect(text).toMatch(/both models of a battle/);
    expect(text).toMatch(/named battles left out/);
  });
});

describe("exportQuery", () => {
  it("holds only non-default filters and round-trips through the parser", () => {
    expect(exportQuery(EMPTY_FORM, "dpo")).toBe("format=dpo");
    const values = {
      ...EMPTY_FORM,
      from: "2026-01-01",
      category: "code",
      models: ["m1", "m2"],
      modelsMatch: "either" as const,
      includeExcluded: true,
    };
    const q = exportQuery(values, "kaggle55k");
    expect(formValuesFrom(new URLSearchParams(q))).toEqual(values);
    expect(parseExportQuery(new URLSearchParams(q)).filters).toMatchObject({
      category: "code",
      models: ["m1", "m2"],
      modelsMatch: "either",
      includeExcluded: true,
    });
  });
});

describe("downloads", () => {
  it("names files after format, category and day", async () => {
    const { exportFilename } = await import("./download");
    const now = new Date("2026-03-01T23:59:00Z");
    expect(exportFilename("fastchat", DEFAULT_FILTERS, now)).toBe(
      "pairwise-arena-votes-fastchat-overall-20260301.json",
    );
    expect(exportFilename("fastchat_jsonl", DEFAULT_FILTERS, now)).toBe(
      "pairwise-arena-votes-fastchat-jsonl-overall-20260301.jsonl",
    );
    expect(
      exportFilename("kaggle55k", { ...DEFAULT_FILTERS, category: "lang:en", includeExcluded: true }, now),
    ).toBe("pairwise-arena-votes-kaggle55k-lang-en-with-excluded-20260301.csv");
    expect(exportFilename("dpo", DEFAULT_FILTERS, now, "-card.md")).toBe(
      "pairwise-arena-votes-dpo-overall-20260301-card.md",
    );
  });

  it("limits concurrent exports and releases slots once", async () => {
    const { tryAcquireExportSlot } = await import("./download");
    const a = tryAcquireExportSlot(2);
    const b = tryAcquireExportSlot(2);
    expect(a && b).toBeTruthy();
    expect(tryAcquireExportSlot(2)).toBeNull();
    a!();
    a!();
    const c = tryAcquireExportSlot(2);
    expect(c).toBeTruthy();
    expect(tryAcquireExportSlot(2)).toBeNull();
    b!();
    c!();
  });
});
