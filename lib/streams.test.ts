import { describe, expect, it } from "vitest";
import { releaseWhenDone } from "./streams";

const source = (chunks: string[], fail = false) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
      if (fail) c.error(new Error("boom"));
      else c.close();
    },
  });

describe("releaseWhenDone", () => {
  it("passes the bytes through and releases once at the end", async () => {
    let n = 0;
    const out = releaseWhenDone(source(["a", "b"]), () => void n++);
    expect(await new Response(out).text()).toBe("ab");
    expect(n).toBe(1);
  });

  it("releases when the reader cancels, and when the source fails", async () => {
    let n = 0;
    const out = releaseWhenDone(source(["a", "b"]), () => void n++)!;
    await out.cancel();
    expect(n).toBe(1);
    const failing = releaseWhenDone(source(["a"], true), () => void n++);
    await expect(new Response(failing).text()).rejects.toThrow("boom");
    expect(n).toBe(2);
  });
});
