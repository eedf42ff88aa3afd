import { describe, expect, it } from "vitest";
import { CreateJudgeRunInput, splitRunInput } from "./schemas";

const TEMPLATE = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";

describe("CreateJudgeRunInput", () => {
  it("reads the console form: empty fields mean no filter and no limit", () => {
    const form = {
      judge: "j",
      templateId: TEMPLATE,
      size: "200",
      seed: "0",
      models: "",
      category: "",
      from: "",
    };
    const parsed = CreateJudgeRunInput.parse({ ...form, to: "", requestsPerMinute: "", maxTokens: "" });
    expect(splitRunInput(parsed)).toEqual({ sample: { size: 200, seed: 0 }, limits: {} });
  });

  it("reads filters and limits", () => {
    const parsed = CreateJudgeRunInput.parse({
      judge: "j",
      templateId: TEMPLATE,
      size: 50,
      models: " a, b ,",
      category: "code",
      from: "2026-11-01",
      to: "2026-12-01T00:00:00Z",
      requestsPerMinute: "30",
      maxTokens: "100000",
      priceInPerMTok: "0.5",
    });
    expect(splitRunInput(parsed)).toEqual({
      sample: {
        size: 50,
        seed: 0,
        models: ["a", "b"],
        category: "code",
        from: "2026-11-01",
        to: "2026-12-01T00:00:00Z",
      },
      limits: { requestsPerMinute: 30, maxTokens: 100000, priceInPerMTok: 0.5 },
    });
  });

  it("refuses what makes no sense", () => {
    const base = { judge: "j", templateId: TEMPLATE, size: 10 };
    expect(CreateJudgeRunInput.safeParse({ ...base, size: 0 }).success).toBe(false);
    expect(CreateJudgeRunInput.safeParse({ ...base, from: "yesterday" }).success).toBe(false);
    expect(CreateJudgeRunInput.safeParse({ ...base, requestsPerMinute: "-1" }).success).toBe(false);
    expect(CreateJudgeRunInput.safeParse({ ...base, templateId: "x" }).success).toBe(false);
  });
});
