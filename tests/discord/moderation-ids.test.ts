import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/discord/custom-id.ts';
import { parsePostId, parseTimelineId, parseVoteId, postButtonId, timelineButtonId, timelineSum, voteButtonId } from '../../src/discord/components/moderation-ids.ts';
import { newQuestionToken } from '../../src/feedback/store.ts';

const LONGEST_SENTENCE_ID = `${'a'.repeat(40)}:99999.99999`;
const TARGET = '1234567890123456789';

describe('moderator button ids', () => {
  it('Post carries the target message and a checksum of the sentence ids it was made for', () => {
    const sentences = [LONGEST_SENTENCE_ID, 'b:1.1', 'c:2.3'];
    const raw = postButtonId(TARGET, sentences);
    expect(raw.length).toBeLessThanOrEqual(100);
    const id = parseCustomId(raw)!;
    expect(parsePostId(id, sentences)).toBe(TARGET);
    expect(parsePostId(id, sentences.slice(1))).toBeUndefined();
    expect(parsePostId(id, ['b:1.1', LONGEST_SENTENCE_ID, 'c:2.3'])).toBeUndefined();
    expect(parsePostId(id, [])).toBeUndefined();
  });

  it('Prev/Next carry the page and a checksum of the timeline', () => {
    const raw = timelineButtonId('next', 41, 'abc123');
    expect(parseTimelineId(parseCustomId(raw)!)).toEqual({ page: 41, sum: 'abc123' });
    expect(timelineButtonId('prev', -1, 'x')).toBe('tl:1:p:0:x');
    const event = { date: '2022-09-07', precision: 'day' as const, sentenceId: 'a:1.1', docId: 'a', text: 't', matchedText: 'm', paragraph: 1, sentence: 1 };
    expect(timelineSum([event])).not.toBe(timelineSum([{ ...event, date: '2022-09-08' }]));
  });

  it('votes carry up/down, the question token and the answer, within 100 characters', () => {
    const token = newQuestionToken();
    const raw = voteButtonId('down', token, LONGEST_SENTENCE_ID)!;
    expect(raw.length).toBeLessThanOrEqual(100);
    expect(parseVoteId(parseCustomId(raw)!)).toEqual({ vote: 'down', questionToken: token, answerId: LONGEST_SENTENCE_ID });
    expect(parseVoteId(parseCustomId(voteButtonId('up', undefined, 'a:1.1')!)!)).toEqual({ vote: 'up', answerId: 'a:1.1' });
    expect(voteButtonId('up', token, 'not a sentence id')).toBeUndefined();
    // Buttons on messages sent before tokens still read: they carry the row id.
    expect(parseVoteId(parseCustomId(`vote:1:d:${(2 ** 40).toString(36)}:a:1.1`)!)).toEqual({ vote: 'down', questionId: 2 ** 40, answerId: 'a:1.1' });
  });

  it('never throw on ids a client made up', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (payload) => {
        for (const prefix of ['post', 'tl', 'vote']) {
          for (const version of [1, 2]) {
            const id = parseCustomId(`${prefix}:${version}:${payload}`);
            if (!id) continue;
            expect(() => [parsePostId(id, ['a:1.1']), parseTimelineId(id), parseVoteId(id)]).not.toThrow();
          }
        }
      }),
    );
    expect(parseVoteId(parseCustomId('vote:1:u:0:a:1.1')!)).toBeUndefined();
    expect(parsePostId(parseCustomId('post:2:1234567890123456789:abc')!, ['a:1.1'])).toBeUndefined();
  });
});
