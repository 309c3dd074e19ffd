import type { TimelineEvent } from '../../moderation/timeline.ts';
import { checksum, encodeCustomId, type CustomId } from '../custom-id.ts';
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
 * - `vote:1:<u|d>:<question id, base 36, or ->:<sentence id>`: 👍/👎 on one answer of
 *   a recorded question (`-` when the question was not recorded, e.g. under More).
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

export function voteButtonId(vote: 'up' | 'down', questionId: number | undefined, sentenceId: string): string | undefined {
  if (!SENTENCE_ID.test(sentenceId)) return undefined;
  const question = questionId !== undefined && Number.isSafeInteger(questionId) && questionId > 0 ? questionId.toString(36) : '-';
  return encodeCustomId(VOTE_PREFIX, VERSION, `${vote === 'up' ? 'u' : 'd'}:${question}:${sentenceId}`);
}

export function parseVoteId(id: CustomId): { vote: 'up' | 'down'; questionId?: number; answerId: string } | undefined {
  if (id.prefix !== VOTE_PREFIX || id.version !== VERSION) return undefined;
  const m = /^([ud]):([0-9a-z]{1,10}|-):(.+)$/.exec(id.payload);
  if (!m || !SENTENCE_ID.test(m[3]!)) return undefined;
  const questionId = m[2] === '-' ? undefined : parseInt(m[2]!, 36);
  if (questionId !== undefined && (!Number.isSafeInteger(questionId) || questionId < 1)) return undefined;
  return { vote: m[1] === 'u' ? 'up' : 'down', ...(questionId !== undefined ? { questionId } : {}), answerId: m[3]! };
}
