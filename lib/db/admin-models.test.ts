import { beforeEach, describe, expect, it } from "vitest";
import { parseModelForm } from "@/lib/providers/model-form";
import { resetDb } from "@/lib/testing/db";
import { createConsoleModel, listAdminModels, setModelStatus, updateConsoleModel } from "./admin-models";
import { listLiveModels, syncModels } from "./models";

function entry(slug: string, weight = "1") {
  const r = parseModelForm({
    slug,
    displayName: slug,
    kind: "openai_compatible",
    baseURL: "http://127.0.0.1:1/v1",
    model: "m",
    apiKeyEnv: "SOME_KEY",
    weight,
  });
  if (!r.ok) throw new Error(r.issues.join("; "));
  return r.entry;
}

describe("console models", () => {
  beforeEach(resetDb);

  it("adds, edits, pauses; models.json sync never touches a console model", async () => {
    await createConsoleModel({ entry: entry("mine") });
    await expect(createConsoleModel({ entry: entry("mine") })).rejects.toMatchObject({ status: 409 });
    await updateConsoleModel({ entry: entry("mine", "3") });
    await syncModels({ models: [entry("from-file")] });
    const rows = await listAdminModels();
    expect(rows.map((r) => [r.slug, r.source, r.status, r.weight])).toEqual([
      ["from-file", "file", "active", 1],
      ["mine", "console", "active", 3],
    ]);
    expect(rows.find((r) => r.slug === "mine")?.providerConfig).toEqual({
      baseURL: "http://127.0.0.1:1/v1",
      model: "m",
      apiKeyEnv: "SOME_KEY",
    });
    // The file wins for its own models: the console refuses to edit or pause them.
    await expect(setModelStatus({ slug: "from-file", status: "paused" })).rejects.toMatchObject({
      status: 409,
    });
    await expect(updateConsoleModel({ entry: entry("from-file", "9") })).rejects.toMatchObject({
      status: 409,
    });
    await setModelStatus({ slug: "mine", status: "paused" });
    expect((await listLiveModels()).map((m) => m.slug)).toEqual(["from-file"]);
    await syncModels({ models: [] });
    expect((await listAdminModels()).map((r) => [r.slug, r.status])).toEqual([
      ["from-file", "paused"],
      ["mine", "paused"],
    ]);
  });
});
