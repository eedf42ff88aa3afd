// Types for the plain-JS cache handler Next loads by path (see route-cache-handler.mjs).
export function evictEntries(match: (key: string, tags: string[]) => boolean): number;

export default class RouteCacheHandler {
  get(key: string): Promise<{ value: unknown; lastModified: number } | null>;
  set(key: string, value: unknown, ctx?: { tags?: string[] }): Promise<void>;
  revalidateTag(tags: string | string[]): Promise<void>;
  resetRequestCache(): void;
}
