import { clipAtWord } from './search/language/text.ts';

export { clipAtWord };

/**
 * A question as every edge passes it on (the console, `ask`, `eval`, `/ask`, More, "Find
 * sources"): on one line, clipped once, with the key that groups repeats. Made by
 * `questionOf` where the text comes in, so no layer below normalises or clips it again
 * by rules of its own.
 */
export interface Question {
  /** On one line (runs of whitespace as one space, trimmed) and clipped; empty when nothing was asked. */
  readonly text: string;
  /** Questions that differ only in case, spacing, quotes or end punctuation share it (the feedback store groups by it). */
  readonly key: string;
}

/**
 * Longest question passed on, in characters: the engine's own limit (its
 * MAX_QUESTION_CHARS; a test holds the two equal). Kept here so that the edges and the
 * feedback store need not load the engine to know it.
 */
export const QUESTION_MAX_CHARS = 500;

/** `text` on one line: every run of whitespace (line breaks too) as one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The question in `raw`. Longer than `maxChars` characters (code points, as Discord counts
 * them; default the engine's 500), it is clipped at a word boundary when one is close,
 * never inside a surrogate pair, by the engine's rule, so the engine has nothing left to clip.
 */
export function questionOf(raw: string, maxChars = QUESTION_MAX_CHARS): Question {
  const text = clipAtWord(oneLine(raw), maxChars);
  return { text, key: questionKey(text) };
}

/** Questions that differ only in case, spacing, quotes or end punctuation group together. */
export function questionKey(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["']+|["'?!.…\s]+$/g, '');
}
