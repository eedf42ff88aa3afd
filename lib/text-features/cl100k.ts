import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";

// The one tokenizer behind every token count in the dumps (num_tokens, conv_metadata)
// and the style covariates: OpenAI's cl100k_base, the encoding FastChat counts with
// (tiktoken's gpt-3.5-turbo), so both sides of a battle — whatever their providers
// report — are on one scale, and lengths compare with the public data. The ranks ship
// inside the npm package: no download at run time. Text that looks like a special
// token ("<|endoftext|>") is counted as the ordinary text it is.

const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** cl100k_base tokens in `text` (about 100 µs for 2 KB of English). */
export function cl100kTokens(text: string): number {
  return text === "" ? 0 : countTokens(text, AS_TEXT);
}
