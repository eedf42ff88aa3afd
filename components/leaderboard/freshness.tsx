"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { describeFreshness, type FreshnessDto } from "@/lib/leaderboard/freshness-text";

const POLL_MS = 10_000;

/**
 * "updated 12 s ago · 37 votes since". The page is rendered once per snapshot and cached,
 * so the counts come from /api/leaderboard/freshness and the age ticks here; when a newer
 * recompute has finished, the page is refreshed to show its board.
 */
export function Freshness({ initial }: { initial: FreshnessDto }) {
  const router = useRouter();
  const [dto, setDto] = useState(initial);
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const poll = async () => {
      try {
        const res = await fetch("/api/leaderboard/freshness", { cache: "no-store" });
        if (!res.ok || cancelled) return;
        const next = (await res.json()) as FreshnessDto;
        setDto((prev) => {
          if (next.updated_at !== prev.updated_at && next.votes_since < prev.votes_since) router.refresh();
          return next;
        });
      } catch {
        // Offline or restarting: keep the last figures; the age keeps ticking.
      }
    };
    void poll();
    const pollTimer = setInterval(poll, POLL_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    setNow(Date.now());
    return () => {
      cancelled = true;
      clearInterval(pollTimer);
      clearInterval(tick);
    };
  }, [router]);

  return (
    <p className="text-xs text-zinc-500" data-testid="leaderboard-freshness" aria-live="off">
      {/* Before hydration the server's figures, without an age that would differ from the client's. */}
      {now === null ? `${dto.votes_since} votes since the last update` : describeFreshness(dto, now)}
    </p>
  );
}
