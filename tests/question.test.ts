import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipQuestion, MAX_QUESTION_CHARS } from '../src/search/engine.ts';
import { clipAtWord, oneLine, questionKey, questionOf, QUESTION_MAX_CHARS } from '../src/question.ts';

describe('the question every edge passes on', () => {
  it('is on one line, trimmed, with the key that groups repeats', () => {
    const q = questionOf('  Why did Albania\n cut\tties   with Iran?  ');
    expect(q.text).toBe('Why did Albania cut ties with Iran?');
    expect(q.key).toBe(questionKey('why did albania cut ties with iran'));
    expect(questionOf(' \n\t ').text).toBe('');
  });

  it('keeps the engine limit, and clips as the engine does, so the engine has nothing left to clip', () => {
    expect(QUESTION_MAX_CHARS).toBe(MAX_QUESTION_CHARS);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('word', 'another', 'x', ' ', '  ', '\n', 'é', 'ünïcode'), { maxLength: 400 }), (parts) => {
        const line = oneLine(parts.join(''));
        const { text } = questionOf(line);
        expect(text).toBe(clipQuestion(line));
        expect(clipQuestion(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('clips at a word boundary when one is close, else mid-word, and never inside a surrogate pair', () => {
    expect(clipAtWord('alpha beta gamma', 12)).toBe('alpha beta');
    expect(clipAtWord('abcdefghijklmnop qr', 10)).toBe('abcdefghij');
    expect(clipAtWord('😀'.repeat(20), 5)).toBe('😀'.repeat(5));
    expect(questionOf(`${'word '.repeat(100)}end`, 300).text.length).toBeLessThanOrEqual(300);
  });
});
