import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextButtonId, moreButtonId, parseContextId, parseMoreId } from '../../src/discord/components/ids.ts';
import { checksum, encodeCustomId, parseCustomId } from '../../src/discord/custom-id.ts';

describe('custom ids', () => {
  it('round-trip the More state: offset and question checksum', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 300 }), (question, offset) => {
        const id = moreButtonId(question, offset);
        expect(id.length).toBeLessThanOrEqual(100);
        expect(parseMoreId(parseCustomId(id)!)).toEqual({ offset, sum: checksum(question) });
      }),
    );
  });

  it('round-trip the More state of a question asked of one article, even with the longest article id', () => {
    for (const source of ['iran-embassy-tirana', 'a'.repeat(40)]) {
      const id = moreButtonId('why did they leave?', 300, source);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseMoreId(parseCustomId(id)!)).toEqual({ offset: 300, sum: checksum('why did they leave?'), source });
    }
    // A version-1 id never carries an article; a version-2 id always does.
    expect(parseMoreId(parseCustomId(encodeCustomId('more', 1, '3:abc:iran'))!)).toBeUndefined();
    expect(parseMoreId(parseCustomId(encodeCustomId('more', 2, '3:abc'))!)).toBeUndefined();
    expect(parseMoreId(parseCustomId(encodeCustomId('more', 2, '3:abc:bad/id'))!)).toBeUndefined();
  });

  it('round-trip the Context sentence id, even with the longest article id', () => {
    const longest = `${'a'.repeat(40)}:99999.99999`;
    for (const sentence of ['iran-embassy-tirana:6.1', 'x:0.1', longest]) {
      const id = contextButtonId(sentence)!;
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseContextId(parseCustomId(id)!)).toBe(sentence);
    }
  });

  it('refuses to build an id that is too long or malformed', () => {
    expect(() => encodeCustomId('more', 1, 'x'.repeat(100))).toThrow(/100/);
    expect(() => encodeCustomId('Bad Prefix', 1, 'x')).toThrow();
    expect(() => encodeCustomId('p', 1, 'has space')).toThrow();
    expect(contextButtonId('not a sentence id')).toBeUndefined();
  });

  it('parses untrusted ids defensively: never throws, rejects what is not ours', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.anything()), (raw) => {
        const parsed = parseCustomId(raw);
        if (parsed) {
          parseMoreId(parsed);
          parseContextId(parsed);
        }
      }),
    );
    for (const raw of ['', 'more', 'more:1', 'more:x:1:abc', `more:1:${'1'.repeat(99)}`, 'more:1:0:abc', 'more:1:zzzz:abc', 'more:2:3:abc', 'ctx:1:../../etc', 'ctx:9:a:1.1']) {
      const parsed = parseCustomId(raw);
      expect(parsed === undefined || (parseMoreId(parsed) === undefined && parseContextId(parsed) === undefined)).toBe(true);
    }
  });

  it('checksums differ for different questions', () => {
    expect(checksum('why did Albania cut ties with Iran?')).not.toBe(checksum('why did Albania cut ties with Iran'));
    expect(checksum('abc')).toBe(checksum('abc'));
  });
});
