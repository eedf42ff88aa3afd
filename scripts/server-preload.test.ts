import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PEER_HEADER } from "../lib/abuse/request-facts";
import { SERVER_PRELOAD, serverNodeArgs } from "./server-node-args";

// A server started as the project starts `next start` (with the preload): whatever
// X-Forwarded-For or x-arena-peer a client sends, the request carries its real peer; once
// the app registers its fast routes, they answer what they take and leave the rest.
const SERVER = `
const http = require("node:http");
const srv = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
setTimeout(() => {
  globalThis[Symbol.for("arena.fastRoutes")] = (req, res) => {
    if (req.url !== "/fast") return false;
    res.end("fast " + req.headers["x-arena-peer"]);
    return true;
  };
  console.log("FAST");
}, 200);
srv.listen(0, "127.0.0.1", () => console.log("PORT " + srv.address().port));`;

const child = spawn(process.execPath, ["--require", SERVER_PRELOAD, "-e", SERVER], {
  stdio: ["ignore", "pipe", "inherit"],
});
const ready = { fast: false };
let output = "";
const portOnce = new Promise<string>((resolve) => {
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    if (output.includes("FAST")) ready.fast = true;
    const port = /PORT (\d+)/.exec(output)?.[1];
    if (port) resolve(port);
  });
});
afterAll(() => {
  child.kill();
});

describe("server preload", () => {
  it("is among the flags of every server the project starts", () => {
    expect(serverNodeArgs({} as NodeJS.ProcessEnv)).toEqual(
      expect.arrayContaining(["--require", SERVER_PRELOAD]),
    );
  });

  it("gives npm start, the Docker image and the servers we spawn the same V8 flags", () => {
    const flags = serverNodeArgs({} as NodeJS.ProcessEnv).filter((f) => f.startsWith("--max-"));
    expect(flags).toEqual(["--max-old-space-size=1024", "--max-semi-space-size=32"]);
    const root = path.resolve(import.meta.dirname, "..");
    const start = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts.start as string;
    const docker = readFileSync(path.join(root, "Dockerfile"), "utf8");
    for (const f of flags) {
      expect(start).toContain(f);
      expect(docker).toContain(f);
    }
    // An operator's own flag wins.
    expect(
      serverNodeArgs({ NODE_OPTIONS: "--max-semi-space-size=64" } as unknown as NodeJS.ProcessEnv),
    ).not.toContain("--max-semi-space-size=32");
  });

  it("replaces a client's x-arena-peer with the TCP peer and leaves X-Forwarded-For alone", async () => {
    const port = await portOnce;
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" },
    });
    const seen = (await res.json()) as Record<string, string>;
    expect(seen[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("6.6.6.6");
  });

  it("hands a request to the registered fast routes, and the others to the server", async () => {
    const port = await portOnce;
    while (!ready.fast) await new Promise((r) => setTimeout(r, 20));
    expect(await (await fetch(`http://127.0.0.1:${port}/fast`)).text()).toBe("fast 127.0.0.1");
    const other = (await (await fetch(`http://127.0.0.1:${port}/other`)).json()) as Record<string, string>;
    expect(other[PEER_HEADER]).toBe("127.0.0.1");
  });
});
