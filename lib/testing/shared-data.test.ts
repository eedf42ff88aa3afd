import { describe, expect, it } from "vitest";
import { onCi, sharedDataPresent } from "./shared-data";

describe("sharedDataPresent", () => {
  it("is true when the file is there, on CI or not", () => {
    expect(sharedDataPresent(import.meta.filename, "this test", {})).toBe(true);
    expect(sharedDataPresent(import.meta.filename, "this test", { CI: "true" })).toBe(true);
  });

  it("skips a missing file locally and fails it on CI", () => {
    const missing = "/nonexistent/shared/arena_data";
    expect(sharedDataPresent(missing, "this test", {})).toBe(false);
    expect(sharedDataPresent(missing, "this test", { CI: "false" })).toBe(false);
    expect(() => sharedDataPresent(missing, "this test", { CI: "true" })).toThrow(/missing.*CI/);
  });

  it("reads CI the way CI services set it", () => {
    expect([onCi({ CI: "true" }), onCi({ CI: "1" }), onCi({ CI: "0" }), onCi({ CI: "" }), onCi({})]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
