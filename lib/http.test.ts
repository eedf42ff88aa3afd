import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { readJsonBody } from "./http";

const Schema = z.strictObject({ choice: z.enum(["left", "right"]) });
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.catch((x) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("readJsonBody: JSON and same origin only", () => {
  const good = '{"choice":"left"}';

  it("refuses other content types with 415 (a form post needs no CORS preflight)", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      expect((await errorOf(readJsonBody(post(good, { "content-type": type }), Schema, 100))).status).toBe(
        415,
      );
    }
    expect(
      await readJsonBody(post(good, { "content-type": "application/json; charset=utf-8" }), Schema, 100),
    ).toEqual({
      choice: "left",
    });
  });

  it("refuses cross-site requests by Sec-Fetch-Site or Origin, accepts same-origin and non-browser ones", async () => {
    const cross = await errorOf(readJsonBody(post(good, { "sec-fetch-site": "cross-site" }), Schema, 100));
    expect(cross.status).toBe(403);
    expect(
      (await errorOf(readJsonBody(post(good, { "sec-fetch-site": "same-site" }), Schema, 100))).status,
    ).toBe(403);
    expect(
      (await errorOf(readJsonBody(post(good, { origin: "http://evil.example" }), Schema, 100))).status,
    ).toBe(403);
    expect((await errorOf(readJsonBody(post(good, { origin: "null" }), Schema, 100))).status).toBe(403);
    const same = { "sec-fetch-site": "same-origin", origin: "http://x" };
    expect(await readJsonBody(post(good, same), Schema, 100)).toEqual({ choice: "left" });
    expect(await readJsonBody(post(good), Schema, 100)).toEqual({ choice: "left" });
  });
});

describe("readJsonBody", () => {
  it("parses and validates a good body", async () => {
    expect(await readJsonBody(post('{"choice":"left"}'), Schema, 100)).toEqual({ choice: "left" });
  });

  it("rejects malformed JSON with a 400 and the parser's reason", async () => {
    const e = await errorOf(readJsonBody(post("{choice:"), Schema, 100));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/Malformed JSON/);
  });

  it("rejects wrong types and unknown fields, naming the field", async () => {
    const e = await errorOf(readJsonBody(post('{"choice":7}'), Schema, 100));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/choice/);
    const extra = await errorOf(readJsonBody(post('{"choice":"left","modelId":"x"}'), Schema, 100));
    expect(extra.message).toMatch(/modelId/);
  });

  it("rejects oversized bodies by declared length and by streamed length", async () => {
    const big = JSON.stringify({ choice: "left", pad: "x".repeat(500) });
    expect(
      (await errorOf(readJsonBody(post(big, { "content-length": String(big.length) }), Schema, 100))).status,
    ).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(50)));
        c.close();
      },
    });
    expect((await errorOf(readJsonBody(post(stream), Schema, 100))).status).toBe(413);
  });
});
