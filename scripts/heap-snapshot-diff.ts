// What grew between two V8 heap snapshots (v8.writeHeapSnapshot files), by node type and
// constructor/name: for bench:soak's BENCH_SOAK_HEAP_DIFF=1, to say where a heap creep goes.
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  key: string;
  bytes: number;
  count: number;
}

export function groupHeap(file: string): Map<string, HeapGroup> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]];
    // Strings and code are grouped by type alone: their "names" are their contents.
    const name = ["object", "closure", "native", "array"].includes(type)
      ? snap.strings[snap.nodes[i + nameAt]].slice(0, 60)
      : "";
    const key = name ? `${type} ${name}` : type;
    const g = groups.get(key) ?? { key, bytes: 0, count: 0 };
    g.bytes += snap.nodes[i + sizeAt];
    g.count += 1;
    groups.set(key, g);
  }
  return groups;
}

/** The `top` groups that grew most in bytes from `before` to `after`. */
export function heapGrowth(before: string, after: string, top = 12): HeapGroup[] {
  const a = groupHeap(before);
  const b = groupHeap(after);
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((key) => ({
      key,
      bytes: (b.get(key)?.bytes ?? 0) - (a.get(key)?.bytes ?? 0),
      count: (b.get(key)?.count ?? 0) - (a.get(key)?.count ?? 0),
    }))
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top);
}
