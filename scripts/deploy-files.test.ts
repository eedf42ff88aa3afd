// Docker is not run here, so the deployment files are checked as text: docker-compose.yml
// parsed with the yaml library (services, health checks, ports, environment against
// lib/env.ts), the Dockerfile and .dockerignore by lint-style rules, and the Caddy config.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");

interface Service {
  build?: { context: string; target?: string };
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  expose?: string[];
  profiles?: string[];
  command?: string[];
  stop_grace_period?: string;
  configs?: { source: string; target: string }[];
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  configs: Record<string, { content: string }>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const dockerfile = read("Dockerfile");
const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({
  image: m[1],
  name: m[2],
}));

describe("docker-compose.yml", () => {
  it("runs two app instances of the one image on PostgreSQL, with optional Redis and a proxy", () => {
    expect(Object.keys(services).sort()).toEqual(["app1", "app2", "postgres", "proxy", "redis", "tools"]);
    for (const name of ["app1", "app2"]) {
      expect(services[name].build).toEqual({ context: ".", target: "runtime" });
      expect(services[name].depends_on?.postgres.condition).toBe("service_healthy");
    }
    expect(services.redis.profiles).toEqual(["redis"]);
    expect(services.tools.profiles).toEqual(["tools"]);
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(["runtime", "tools"]));
  });

  it("gives every service that others wait on a health check, the apps' being readiness", () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(services[dep], `${name} depends on ${dep}`).toBeDefined();
        if (condition === "service_healthy")
          expect(services[dep].healthcheck, `${dep} health check`).toBeDefined();
      }
    }
    expect(services.app1.healthcheck?.test.join(" ")).toContain("/api/ready");
    expect(services.postgres.healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(services.proxy.depends_on).toEqual({
      app1: { condition: "service_healthy" },
      app2: { condition: "service_healthy" },
    });
    expect(services.app1.stop_grace_period).toMatch(/^\d+s$/);
  });

  it("publishes only the proxy's ports; the apps and databases stay on the internal network", () => {
    for (const [name, s] of Object.entries(services)) {
      if (name !== "proxy") expect(s.ports, name).toBeUndefined();
    }
    expect(services.proxy.ports).toEqual(["80:80", "443:443"]);
    expect(services.app1.expose).toEqual(["3000"]);
  });

  it("passes the apps only variables the app knows, with secrets required from the environment", () => {
    const known = new Set([...read("lib/env.ts").matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    for (const extra of ["ARENA_COOKIE_SECURE", "AUTH_TRUST_HOST"]) known.add(extra); // read outside lib/env.ts
    const env = services.app1.environment ?? {};
    for (const key of Object.keys(env)) expect(known, `${key} is not read by the app`).toContain(key);
    expect(env.DATABASE_URL).toMatch(
      /^postgresql:\/\/arena:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/arena$/,
    );
    expect(env.ARENA_SECRET).toMatch(/^\$\{ARENA_SECRET:\?/);
    expect(services.app2.environment).toEqual(env);
    expect(JSON.stringify(compose)).not.toMatch(/password\s*[:=]\s*["']?[a-z0-9]{6,}/i);
  });

  it("has Caddy balance both instances on readiness, compress, and pass streams through", () => {
    const caddy = compose.configs.caddyfile.content;
    expect(services.proxy.configs).toEqual([{ source: "caddyfile", target: "/etc/caddy/Caddyfile" }]);
    expect(caddy).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(caddy).toMatch(/health_uri \/api\/ready/);
    expect(caddy).toMatch(/encode @compressible zstd gzip/);
    expect(caddy).toMatch(/@compressible not path \/api\/battles\/\*\/stream/);
    expect(caddy).toMatch(/flush_interval -1/);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["pgdata", "caddy"]));
  });
});

describe("Dockerfile", () => {
  const lines = dockerfile.split("\n");
  const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime/m));

  it("is multi-stage on pinned slim images, the runtime stage non-root and last", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const s of stages.filter((s) => s.image.includes(":") || !stages.some((t) => t.name === s.image))) {
      expect(s.image, "pinned tag").toMatch(/^node:\d+\.\d+-bookworm-slim$/);
    }
    expect(stages.at(-1)?.name).toBe("runtime");
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD"));
    expect(runtime).not.toMatch(/npm (ci|install)/); // dependencies come traced from the build
  });

  it("installs reproducibly and copies only the standalone server and what it loads by path", () => {
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).not.toMatch(/^ADD\s+https?:/im);
    expect(dockerfile).toMatch(/NEXT_OUTPUT=standalone/);
    expect(read("next.config.ts")).toMatch(/NEXT_OUTPUT === "standalone" \? "standalone"/);
    for (const p of [
      ".next/standalone",
      ".next/static",
      ".next/ratings-worker.mjs",
      "lib/cache/route-cache-handler.mjs",
      "prisma/migrations",
    ]) {
      expect(runtime, p).toContain(`/app/${p}`);
      if (!p.startsWith(".next/")) expect(existsSync(path.join(root, p)), p).toBe(true);
    }
    for (const l of lines.filter((l) => /^COPY --from/.test(l))) expect(l).toMatch(/--chown=node:node/);
  });

  it("migrates then execs the server (signals reach it), with a health check and an exec-form CMD", () => {
    const cmd = lines.filter((l) => /^CMD /.test(l)).at(-1) ?? "";
    expect(() => JSON.parse(cmd.slice(4))).not.toThrow();
    expect(cmd).toMatch(/migrate-cli\.mjs && exec node .*server\.js/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toMatch(/--outfile=lib\/db\/migrate-cli\.mjs/);
  });

  it("keeps secrets and local state out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const p of ["node_modules", ".next", ".data", ".env", ".git"]) expect(ignored).toContain(p);
    expect(dockerfile).not.toMatch(/^(ENV|ARG)\s+(ARENA_SECRET|AUTH_SECRET|POSTGRES_PASSWORD)/m);
  });
});

describe("docs/deploy.md", () => {
  it("covers the topics a deployer needs and names the files it describes", () => {
    const doc = read("docs/deploy.md");
    for (const topic of [
      "Managed PostgreSQL",
      "Backups",
      "Secrets",
      "HTTPS",
      "Scaling",
      "/api/ready",
      "docker compose up",
    ])
      expect(doc, topic).toContain(topic);
  });
});
