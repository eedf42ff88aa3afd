"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  continueBattleAction,
  regenerateBattleAction,
  startLiveBattleAction,
  stopSideAction,
} from "@/app/(arena)/actions";
import type { StartLiveBattleInput } from "@/lib/arena/live-schemas";
import type { LiveBattleView } from "@/lib/arena/live-types";
import { SCREEN_SIDES, type ScreenSide, type VoteChoice } from "@/lib/arena/sides";
import type { Reveal, RevealedModel } from "@/lib/arena/types";
import {
  type ConversationState,
  initialConversation,
  isBusy,
  lastTurn,
  newTurn,
  resetForStream,
} from "./live-state";
import { type StreamOptions, streamTurn } from "./turn-stream";
import { requestVote } from "./vote-api";

export interface LiveSession {
  battle: LiveBattleView;
  conversation: ConversationState;
  /** Names the voter already knows: chosen (named mode) or revealed before a Regenerate. */
  known: { left: RevealedModel; right: RevealedModel } | null;
  reveal: Reveal | null;
  chosen: VoteChoice | null;
  /** When the answers became votable, for time-to-vote. */
  readyAt: number | null;
  notice: string | null;
}

export function useLiveBattle() {
  const [session, setSession] = useState<LiveSession | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  // A vote that came back `challenge_required`: sent again once the check passes.
  const [challenge, setChallenge] = useState<{ message: string; choice: VoteChoice } | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const sessionRef = useRef<LiveSession | null>(null);
  sessionRef.current = session;

  // Leaving the page (or a new battle) drops the request; the server then cancels upstream.
  useEffect(() => () => abortRef.current?.abort(), []);

  const patch = useCallback((battleId: string, f: (s: LiveSession) => LiveSession) => {
    setSession((s) => (s && s.battle.id === battleId ? f(s) : s));
  }, []);
  const updateConversation = useCallback(
    (battleId: string, f: (c: ConversationState) => ConversationState) =>
      patch(battleId, (s) => {
        const conversation = f(s.conversation);
        const ready = conversation.settled === "ready" && !isBusy(conversation);
        return { ...s, conversation, readyAt: ready ? (s.readyAt ?? performance.now()) : null };
      }),
    [patch],
  );

  const runStream = useCallback(
    async (battleId: string, turn: number, opts: StreamOptions = {}) => {
      abortRef.current?.abort();
      const controller = new AbortController();
      abortRef.current = controller;
      const update = (f: (c: ConversationState) => ConversationState) => updateConversation(battleId, f);
      update((c) => resetForStream(c, opts.side ? [opts.side] : SCREEN_SIDES));
      try {
        await streamTurn(battleId, turn, opts, controller.signal, update);
      } finally {
        if (abortRef.current === controller) abortRef.current = null;
      }
    },
    [updateConversation],
  );

  const start = useCallback(
    async (input: StartLiveBattleInput) => {
      abortRef.current?.abort();
      setStarting(true);
      setStartError(null);
      try {
        const res = await startLiveBattleAction(input);
        if (res.status !== "ok") {
          setStartError(res.message);
          return;
        }
        const { battle } = res;
        setSession({
          battle,
          conversation: initialConversation(battle.prompt, battle.leak),
          known: battle.named,
          reveal: null,
          chosen: null,
          readyAt: null,
          notice: null,
        });
        void runStream(battle.id, 0);
      } catch {
        setStartError("Could not start a battle. Check your connection and try again.");
      } finally {
        setStarting(false);
      }
    },
    [runStream],
  );

  const stop = useCallback(async (side: ScreenSide) => {
    const s = sessionRef.current;
    if (s) await stopSideAction({ battleId: s.battle.id, side }).catch(() => null);
  }, []);

  const stopAll = useCallback(() => Promise.all(SCREEN_SIDES.map((side) => stop(side))), [stop]);

  const retry = useCallback(
    (side: ScreenSide) => {
      const s = sessionRef.current;
      if (s) void runStream(s.battle.id, s.conversation.turns.length - 1, { side });
    },
    [runStream],
  );

  const notice = useCallback(
    (battleId: string, message: string | null) => patch(battleId, (s) => ({ ...s, notice: message })),
    [patch],
  );

  const continueWith = useCallback(
    async (prompt: string) => {
      const s = sessionRef.current;
      if (!s) return false;
      const id = s.battle.id;
      const res = await continueBattleAction({ battleId: id, prompt }).catch(() => null);
      if (res?.status !== "ok") {
        notice(id, res?.message ?? "Your message did not reach the server. Please try again.");
        return false;
      }
      patch(id, (x) => ({
        ...x,
        notice: null,
        conversation: {
          ...x.conversation,
          leak: x.conversation.leak || res.leak,
          turns: [...x.conversation.turns, newTurn(prompt)],
        },
      }));
      void runStream(id, res.turn);
      return true;
    },
    [patch, notice, runStream],
  );

  const regenerate = useCallback(async () => {
    const s = sessionRef.current;
    if (!s) return;
    const turn = s.conversation.turns.length - 1;
    if (!s.reveal) {
      void runStream(s.battle.id, turn, { regenerate: true });
      return;
    }
    const res = await regenerateBattleAction({ battleId: s.battle.id }).catch(() => null);
    if (res?.status !== "ok") {
      notice(s.battle.id, res?.message ?? "Could not regenerate. Please try again.");
      return;
    }
    setSession({
      ...s,
      battle: { ...s.battle, id: res.battleId },
      known: { left: s.reveal.left, right: s.reveal.right },
      reveal: null,
      chosen: null,
      readyAt: null,
      notice: null,
    });
    void runStream(res.battleId, res.turn);
  }, [runStream, notice]);

  const vote = useCallback(
    async (choice: VoteChoice) => {
      const s = sessionRef.current;
      if (!s || s.reveal || s.chosen || s.readyAt === null) return;
      const id = s.battle.id;
      const timeToVoteMs = Math.round(performance.now() - s.readyAt);
      patch(id, (x) => ({ ...x, chosen: choice, notice: null }));
      const res = await requestVote({ battleId: id, choice, timeToVoteMs }).catch(() => null);
      if (res && (res.status === "ok" || res.status === "already_voted")) {
        patch(id, (x) => ({ ...x, reveal: res.reveal, chosen: res.reveal.choice }));
      } else if (res?.status === "error" && res.code === "challenge_required") {
        patch(id, (x) => ({ ...x, chosen: null }));
        setChallenge({ message: res.message, choice });
      } else {
        const message = res && "message" in res ? res.message : "Your vote did not reach the server.";
        patch(id, (x) => ({ ...x, chosen: null, notice: message }));
      }
    },
    [patch],
  );

  const reset = useCallback(() => {
    abortRef.current?.abort();
    setSession(null);
    setStartError(null);
  }, []);

  const votable =
    session !== null && session.readyAt !== null && !session.reveal && !isBusy(session.conversation);
  const busy = session !== null && isBusy(session.conversation);
  const last = session ? lastTurn(session.conversation) : null;

  return {
    session,
    starting,
    startError,
    votable,
    busy,
    last,
    start,
    stop,
    stopAll,
    retry,
    continueWith,
    regenerate,
    vote,
    reset,
    challenge,
    clearChallenge: useCallback(() => setChallenge(null), []),
  };
}
