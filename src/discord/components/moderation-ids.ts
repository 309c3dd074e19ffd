import type { TimelineEvent } from '../../annotate/timeline.ts';
import { checksum, encodeCustomId, type CustomId } from '../custom-id.ts';
import { isQuestionToken } from '../../feedback/store.ts';
import { SENTENCE_ID } from './ids.ts';

/**
 * Custom ids of the moderator features' buttons (version 1). All state is in the id or
 * on the message the button sits on, so buttons keep working across restarts:
 * - `post:1:<target message id>:<checksum>`: "Post in channel" under "Find sources". The
 *   sentence ids (three can pass 100 characters) are read back from the Context buttons
 *   of the same message; the checksum covers the target id and those sentence ids, so
 *   the post is exactly what the moderator saw.
 * - `tl:1:<p|n>:<page, base 36>:<checksum of the timeline>`: timeline Prev/Next. The
 *   checksum tells whether the sources changed since the page was shown.
 * - `vote:2:<u|d>:<question token, or ->:<sentence id>`: 👍/👎 on one answer of a
 *   recorded question, named by its random token (`-` when the question was not
 *   recorded, e.g. under More). Version 1 carried the question's row id, which could be
 *   guessed; old buttons still work, checked like new ones against the server and the
 *   message they are pressed on.
 */
export const POST_PREFIX = 'post';
export const TIMELINE_PREFIX = 'tl';
export const VOTE_PREFIX = 'vote';
const VERSION = 1;

const SNOWFLAKE = /^\d{15,21}$/;

function postSum(targetId: string, sentenceIds: readonly string[]): string {
  return checksum(`${targetId} ${sentenceIds.join(' ')}`);
}

export function postButtonId(targetId: string, sentenceIds: readonly string[]): string {
  return encodeCustomId(POST_PREFIX, VERSION, `${targetId}:${postSum(targetId, sentenceIds)}`);
}

/** The target message id, when the id is well formed and its checksum matches `sentenceIds`. */
export function parsePostId(id: CustomId, sentenceIds: readonly string[]): string | undefined {
  if (id.prefix !== POST_PREFIX || id.version !== VERSION) return undefined;
  const m = /^(\d{15,21}):([0-9a-z]{1,7})$/.exec(id.payload);
  if (!m || !SNOWFLAKE.test(m[1]!) || sentenceIds.length === 0) return undefined;
  return postSum(m[1]!, sentenceIds) === m[2] ? m[1] : undefined;
}

/** A checksum of the timeline (its events' sentences and dates), to notice that the sources changed. */
export function timelineSum(events: readonly TimelineEvent[]): string {
  return checksum(events.map((e) => `${e.sentenceId}@${e.date}`).join(' '));
}

export function timelineButtonId(direction: 'prev' | 'next', page: number, sum: string): string {
  return encodeCustomId(TIMELINE_PREFIX, VERSION, `${direction === 'prev' ? 'p' : 'n'}:${Math.max(0, page).toString(36)}:${sum}`);
}

export function parseTimelineId(id: CustomId): { page: number; sum: string } | undefined {
  if (id.prefix !== TIMELINE_PREFIX || id.version !== VERSION) return undefined;
  const m = /^[pn]:([0-9a-z]{1,4}):([0-9a-z]{1,7})$/.exec(id.payload);
  if (!m) return undefined;
  return { page: parseInt(m[1]!, 36), sum: m[2]! };
}

const VOTE_VERSION = 2;

export function voteButtonId(vote: 'up' | 'down', questionToken: string | undefined, sentenceId: string): string | undefined {
  if (!SENTENCE_ID.test(sentenceId)) return undefined;
  const question = questionToken !== undefined && isQuestionToken(questionToken) ? questionToken : '-';
  return encodeCustomId(VOTE_PREFIX, VOTE_VERSION, `${vote === 'up' ? 'u' : 'd'}:${question}:${sentenceId}`);
}

export interface ParsedVote {
  vote: 'up' | 'down';
  /** Version 2: the question's token. */
  questionToken?: string;
  /** Version 1: the question's row id. */
  questionId?: number;
  answerId: string;
}

export function parseVoteId(id: CustomId): ParsedVote | undefined {
  if (id.prefix !== VOTE_PREFIX || (id.version !== VOTE_VERSION && id.version !== 1)) return undefined;
  const m = id.version === VOTE_VERSION ? /^([ud]):([A-Za-z0-9_-]{16}|-):(.+)$/.exec(id.payload) : /^([ud]):([0-9a-z]{1,10}|-):(.+)$/.exec(id.payload);
  if (!m || !SENTENCE_ID.test(m[3]!)) return undefined;
  const vote = m[1] === 'u' ? 'up' : 'down';
  if (m[2] === '-') return { vote, answerId: m[3]! };
  if (id.version === VOTE_VERSION) return { vote, questionToken: m[2]!, answerId: m[3]! };
  const questionId = parseInt(m[2]!, 36);
  if (!Number.isSafeInteger(questionId) || questionId < 1) return undefined;
  return { vote, questionId, answerId: m[3]! };
}
