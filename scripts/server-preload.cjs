// Preloaded (node --require) into every `next start` the project launches (see
// scripts/server-node-args.ts, npm start and the Dockerfile). For each request:
// 1. stamps it with its TCP peer's address as `x-arena-peer`, replacing any header of that
//    name a client sent. lib/abuse/request-facts.ts takes the client address from it unless
//    ARENA_TRUST_PROXY_HOPS says proxies in front append to X-Forwarded-For, which
//    `next start` otherwise passes through from the client unchecked;
// 2. offers it to the app's fast routes (lib/fast-routes: dealing and voting, the hot
//    path), which the app registers on globalThis once it has started; a request they
//    don't take, or any request before then, goes to Next as usual.
const http = require("node:http");
const https = require("node:https");

const PATCHED = Symbol.for("arena.peerAddress");
const FAST_ROUTES = Symbol.for("arena.fastRoutes");
for (const Server of [http.Server, https.Server]) {
  const proto = Server.prototype;
  if (proto[PATCHED]) continue;
  const emit = proto.emit;
  proto.emit = function emitWithPeer(event, req, res, ...rest) {
    if (event === "request" && req?.headers) {
      req.headers["x-arena-peer"] = req.socket?.remoteAddress ?? "";
      const fast = globalThis[FAST_ROUTES];
      if (typeof fast === "function" && fast(req, res)) return true;
    }
    return emit.call(this, event, req, res, ...rest);
  };
  proto[PATCHED] = true;
}
