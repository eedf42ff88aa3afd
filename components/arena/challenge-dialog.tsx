"use client";

import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { getChallengeAction, passChallengeAction } from "@/app/(arena)/actions";
import { Button } from "@/components/ui/button";
import type { ChallengeOffer } from "@/lib/abuse/challenge-guard";

// The check a vote can ask for (a 428 `challenge_required`): a proof of work the browser
// computes (no third party, nothing about the voter leaves the page), or Cloudflare
// Turnstile when the arena has its keys. A modal dialog, keyboard first: the button has
// focus, Escape cancels, progress is announced.

type Phase =
  | { kind: "loading" }
  | { kind: "ready"; offer: ChallengeOffer }
  | { kind: "working" }
  | { kind: "failed"; message: string };

interface TurnstileApi {
  render(el: HTMLElement, opts: { sitekey: string; callback: (token: string) => void }): string;
}

export function ChallengeDialog({
  message,
  onPassed,
  onCancel,
}: {
  message: string;
  onPassed: () => void;
  onCancel: () => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const titleId = useId();
  const bodyId = useId();
  const startRef = useRef<HTMLButtonElement>(null);
  const widgetRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setPhase({ kind: "loading" });
    const res = await getChallengeAction().catch(() => null);
    if (res?.status === "ok") setPhase({ kind: "ready", offer: res.offer });
    else
      setPhase({
        kind: "failed",
        message: res && "message" in res ? res.message : "The check could not be loaded.",
      });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (phase.kind === "ready" || phase.kind === "failed") startRef.current?.focus();
  }, [phase.kind]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);

  const hand = useCallback(
    async (answer: Parameters<typeof passChallengeAction>[0]) => {
      const res = await passChallengeAction(answer).catch(() => null);
      if (res?.status === "ok") onPassed();
      else
        setPhase({
          kind: "failed",
          message: res && "message" in res ? res.message : "The check could not be sent.",
        });
    },
    [onPassed],
  );

  // Turnstile renders its own widget; its callback hands the token in.
  useEffect(() => {
    if (phase.kind !== "ready" || phase.offer.kind !== "turnstile" || !widgetRef.current) return;
    const el = widgetRef.current;
    const sitekey = phase.offer.siteKey;
    const render = () =>
      (window as unknown as { turnstile: TurnstileApi }).turnstile.render(el, {
        sitekey,
        callback: (token) => void hand({ kind: "turnstile", token }),
      });
    if ((window as unknown as { turnstile?: TurnstileApi }).turnstile) return void render();
    const script = document.createElement("script");
    script.src = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
    script.async = true;
    script.onload = render;
    document.head.appendChild(script);
  }, [phase, hand]);

  const work = useCallback(async () => {
    if (phase.kind !== "ready" || phase.offer.kind !== "pow") return;
    const { challenge } = phase.offer;
    setPhase({ kind: "working" });
    const solution = await solveChallenge({ challenge, deriveKey }).catch(() => null);
    if (!solution) {
      setPhase({ kind: "failed", message: "The check took too long. Please try again." });
      return;
    }
    const { signature = "", parameters } = challenge;
    await hand({
      kind: "pow",
      payload: { challenge: { parameters: { ...parameters }, signature }, solution },
    });
  }, [phase, hand]);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="vote-challenge"
        className="w-full max-w-md rounded-lg border border-zinc-200 bg-white p-5 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          A quick check before your vote counts
        </h2>
        <div id={bodyId} className="mt-2 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
          <p>{message}</p>
          {phase.kind === "ready" && phase.offer.kind === "pow" ? (
            <p>
              Your browser will solve a small puzzle (a few seconds of computing; nothing about you is sent).
              It makes casting thousands of votes from fresh identities expensive. Your vote is kept and sent
              as soon as the check passes.
            </p>
          ) : null}
        </div>
        <div
          role="status"
          aria-live="polite"
          className="mt-3 min-h-6 text-sm"
          data-testid="vote-challenge-status"
        >
          {phase.kind === "loading" ? "Loading the check…" : null}
          {phase.kind === "working" ? "Working on the check… this usually takes a second or two." : null}
          {phase.kind === "failed" ? (
            <span className="text-rose-700 dark:text-rose-400">{phase.message}</span>
          ) : null}
        </div>
        {phase.kind === "ready" && phase.offer.kind === "turnstile" ? (
          <div ref={widgetRef} className="mt-3" />
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={onCancel} data-testid="vote-challenge-cancel">
            Cancel
          </Button>
          {phase.kind === "ready" && phase.offer.kind === "pow" ? (
            <Button
              ref={startRef}
              variant="primary"
              onClick={() => void work()}
              data-testid="vote-challenge-start"
            >
              Start the check
            </Button>
          ) : null}
          {phase.kind === "failed" ? (
            <Button ref={startRef} variant="primary" onClick={() => void load()}>
              Try again
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
