import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { PEER_HEADER } from "../lib/abuse/request-facts";
import { PEER_PRELOAD, serverNodeArgs } from "./server-node-args";

// A server started as the project starts `next start` (with the preload): whatever
// X-Forwarded-For or x-arena-peer a client sends, the request carries its real peer.
const SERVER = `
const http = require("node:http");
const srv = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
srv.listen(0, "127.0.0.1", () => console.log("PORT " + srv.address().port));`;

const child = spawn(process.execPath, ["--require", PEER_PRELOAD, "-e", SERVER], {
  stdio: ["ignore", "pipe", "inherit"],
});
afterAll(() => {
  child.kill();
});

describe("peer-address preload", () => {
  it("is among the flags of every server the project starts", () => {
    expect(serverNodeArgs({} as NodeJS.ProcessEnv)).toEqual(
      expect.arrayContaining(["--require", PEER_PRELOAD]),
    );
  });

  it("replaces a client's x-arena-peer with the TCP peer and leaves X-Forwarded-For alone", async () => {
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const port = /PORT (\d+)/.exec(line.toString())?.[1];
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" },
    });
    const seen = (await res.json()) as Record<string, string>;
    expect(seen[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("6.6.6.6");
  });
});
