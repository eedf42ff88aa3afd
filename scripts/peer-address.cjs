// Preloaded (node --require) into every `next start` the project launches (see
// scripts/server-node-args.ts and npm start): stamps each request with its TCP peer's
// address as `x-arena-peer`, replacing any header of that name a client sent.
// lib/abuse/request-facts.ts takes the client address from it unless
// ARENA_TRUST_PROXY_HOPS says proxies in front append to X-Forwarded-For, which
// `next start` otherwise passes through from the client unchecked.
const http = require("node:http");
const https = require("node:https");

const PATCHED = Symbol.for("arena.peerAddress");
for (const Server of [http.Server, https.Server]) {
  const proto = Server.prototype;
  if (proto[PATCHED]) continue;
  const emit = proto.emit;
  proto.emit = function emitWithPeer(event, req, ...rest) {
    if (event === "request" && req?.headers) req.headers["x-arena-peer"] = req.socket?.remoteAddress ?? "";
    return emit.call(this, event, req, ...rest);
  };
  proto[PATCHED] = true;
}
