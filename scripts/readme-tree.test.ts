// The README's "Where the code lives" is how a newcomer finds their way; it drifted once
// already (folders added without a line). This keeps it and the tree in step.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function section(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("### Where the code lives");
  if (start < 0) throw new Error('README.md has no "### Where the code lives" section');
  const end = readme.indexOf("\n## ", start);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Folder paths the section names, written as `dir/` or `dir/sub/`. */
function listedFolders(text: string): string[] {
  return [...text.matchAll(/`([a-z][\w.-]*\/(?:[\w.()[\]-]+\/)*)`/g)].map((m) => m[1].replace(/\/$/, ""));
}

function ignoredTopLevel(): Set<string> {
  const lines = readFileSync(path.join(root, ".gitignore"), "utf8").split("\n");
  return new Set(lines.map((l) => l.trim().replace(/^\//, "").replace(/\/$/, "")).filter(Boolean));
}

const subfolders = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => (dir === "." ? e.name : `${dir}/${e.name}`));

describe("README folder list", () => {
  const listed = listedFolders(section());

  it("names only folders that exist", () => {
    const missing = listed.filter(
      (f) => !existsSync(path.join(root, f)) || !statSync(path.join(root, f)).isDirectory(),
    );
    expect(missing, "listed in README's 'Where the code lives' but not in the tree").toEqual([]);
  });

  it("names every top-level folder and every folder of lib/ and components/", () => {
    const ignored = ignoredTopLevel();
    const tree = [
      ...subfolders(".").filter((d) => !ignored.has(d)),
      ...subfolders("lib"),
      ...subfolders("components"),
    ];
    const unlisted = tree.filter((f) => !listed.includes(f));
    expect(unlisted, "add a line for these to README's 'Where the code lives'").toEqual([]);
  });
});
