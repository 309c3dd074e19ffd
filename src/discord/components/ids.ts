import { checksum, encodeCustomId, type CustomId } from '../custom-id.ts';

/**
 * The custom ids of the answer buttons. Formats (version 1):
 * - `more:1:<offset, base 36>:<checksum of the question>`: the question itself is read
 *   back from the message the button sits on (it is echoed there); the checksum proves
 *   it is the question the button was made for.
 * - `ctx:1:<sentence id>`: sentence ids are short by design (article ids are at most
 *   40 characters).
 * Old messages keep their buttons forever: bump the version when a format changes and
 * keep reading (or politely refusing) the old one.
 */
export const MORE_PREFIX = 'more';
export const CONTEXT_PREFIX = 'ctx';
const VERSION = 1;
/** Deeper than this is not "more", it is a different question. */
export const MAX_OFFSET = 300;

export const SENTENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}:\d{1,5}\.\d{1,5}$/;

/** Version 2 of `more` adds the article the question was asked of: `more:2:<offset>:<checksum>:<article id>`. */
const MORE_WITH_SOURCE = 2;
const ARTICLE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function moreButtonId(question: string, offset: number, source?: string): string {
  const payload = `${offset.toString(36)}:${checksum(question)}`;
  return source === undefined ? encodeCustomId(MORE_PREFIX, VERSION, payload) : encodeCustomId(MORE_PREFIX, MORE_WITH_SOURCE, `${payload}:${source}`);
}

export function parseMoreId(id: CustomId): { offset: number; sum: string; source?: string } | undefined {
  if (id.prefix !== MORE_PREFIX || (id.version !== VERSION && id.version !== MORE_WITH_SOURCE)) return undefined;
  const m = /^([0-9a-z]{1,4}):([0-9a-z]{1,7})(?::(.+))?$/.exec(id.payload);
  if (!m || (id.version === MORE_WITH_SOURCE) !== (m[3] !== undefined)) return undefined;
  if (m[3] !== undefined && !ARTICLE_ID.test(m[3])) return undefined;
  const offset = parseInt(m[1]!, 36);
  if (!Number.isSafeInteger(offset) || offset < 1 || offset > MAX_OFFSET) return undefined;
  return { offset, sum: m[2]!, ...(m[3] !== undefined ? { source: m[3] } : {}) };
}

/** The Context button's id for a sentence, or undefined when the sentence id is not one we can carry. */
export function contextButtonId(sentenceId: string): string | undefined {
  if (!SENTENCE_ID.test(sentenceId)) return undefined;
  return encodeCustomId(CONTEXT_PREFIX, VERSION, sentenceId);
}

export function parseContextId(id: CustomId): string | undefined {
  if (id.prefix !== CONTEXT_PREFIX || id.version !== VERSION || !SENTENCE_ID.test(id.payload)) return undefined;
  return id.payload;
}

/** What a member sees when a button's id or message does not check out. */
export const EXPIRED = 'This button no longer works (the message changed or is too old). Ask again with `/ask`.';
