"use client";

import { useId, useRef, useState } from "react";
import { Button, Kbd } from "@/components/ui/button";
import { MAX_PROMPT_CHARS } from "@/lib/arena/live-types";
import { pickSamplePrompt } from "@/lib/arena/sample-prompts";

/**
 * A prompt textarea: Enter sends, Shift+Enter starts a new line (and Enter while an IME
 * is composing does neither). The text is cleared only once the parent accepted it.
 */
export function PromptBox({
  label,
  placeholder,
  submitLabel,
  disabled,
  onSubmit,
  surprise = false,
  autoFocus = false,
  testId,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  disabled: boolean;
  onSubmit: (text: string) => Promise<boolean> | boolean | undefined;
  surprise?: boolean;
  autoFocus?: boolean;
  testId: string;
}) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  async function submit() {
    const value = text.trim();
    if (!value || disabled) return;
    if ((await onSubmit(value)) !== false) setText("");
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        ref={ref}
        data-testid={testId}
        value={text}
        rows={3}
        maxLength={MAX_PROMPT_CHARS}
        placeholder={placeholder}
        // biome-ignore lint/a11y/noAutofocus: the prompt is the page's one task
        autoFocus={autoFocus}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        className="block w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="submit"
          variant="primary"
          disabled={disabled || !text.trim()}
          data-testid={`${testId}-send`}
        >
          {submitLabel} <Kbd>Enter</Kbd>
        </Button>
        {surprise ? (
          <Button
            data-testid="surprise-me"
            disabled={disabled}
            onClick={() => {
              setText(pickSamplePrompt(Math.random, text));
              ref.current?.focus();
            }}
          >
            Surprise me
          </Button>
        ) : null}
        <span className="ml-auto text-xs text-zinc-500">
          Shift+Enter for a new line · {text.length}/{MAX_PROMPT_CHARS}
        </span>
      </div>
    </form>
  );
}
