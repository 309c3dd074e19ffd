/**
 * Autocomplete suggestions from the small prefix index: what they suggest, and that the
 * work per call stays bounded whatever is typed.
 */
import { describe, expect, it } from 'vitest';
import { Suggester } from '../../src/discord/suggest.ts';
import { BUILT_IN_NAMES, wordnetVocabulary } from '../fixtures/real-words.ts';

const TEXTS = [
  'Albania cut diplomatic relations with Iran on Wednesday.',
  'The cyberattack took place in July.',
  'Iranian diplomats left the embassy in Tirana on Thursday.',
  'Prime Minister Edi Rama blamed Iran for the cyberattack.',
];
const suggester = new Suggester({ titles: ['Diplomats leave Iranian Embassy in Albania after expulsion'], texts: TEXTS });

describe('autocomplete suggestions', () => {
  it('offers what is typed, then the sentences holding its words, the word being typed as a prefix', () => {
    const choices = suggester.suggest('who blamed iran for the cyber');
    expect(choices[0]).toEqual({ name: 'who blamed iran for the cyber', value: 'who blamed iran for the cyber' });
    expect(choices[1]!.value).toBe(TEXTS[3]);
    expect(choices.map((c) => c.value)).toContain(TEXTS[1]);
    expect(
      suggester
        .suggest('cyberattack jul')
        .map((c) => c.value)
        .slice(1),
    ).toEqual([TEXTS[1], TEXTS[3]]);
    expect(suggester.suggest('zzzz qqqq')).toEqual([{ name: 'zzzz qqqq', value: 'zzzz qqqq' }]);
  });

  it('folds case and accents', () => {
    expect(suggester.suggest('ÉMBASSY').map((c) => c.value)).toContain(TEXTS[2]);
  });

  it('offers the titles before anything is typed', () => {
    expect(suggester.suggest('   ')).toEqual([
      { name: 'Diplomats leave Iranian Embassy in Albania after expulsion', value: 'Diplomats leave Iranian Embassy in Albania after expulsion' },
    ]);
  });

  it('reads only the end of a long paste, and never suggests more than 25 or a choice over 100 characters', () => {
    const many = new Suggester({
      titles: [],
      texts: Array.from({ length: 5000 }, (_, i) => `Sentence ${i} about the embassy in Tirana and the ${'very '.repeat(i % 30)}long wait.`),
    });
    const choices = many.suggest(`${'zzzz '.repeat(1200)}embassy tira`);
    expect(choices.length).toBe(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value).toBe(c.name);
    }
    // The paste itself is too long to be a choice.
    expect(choices[0]!.value).not.toMatch(/^zzzz/);
  });

  it('takes any real word, including JavaScript built-in property names', () => {
    for (const word of [...BUILT_IN_NAMES, ...wordnetVocabulary().filter((_, i) => i % 97 === 0)]) {
      const choices = suggester.suggest(`who is the ${word}`);
      expect(choices[0]!.value, word).toBe(`who is the ${word}`);
    }
    const withNames = new Suggester({ titles: [], texts: ['The constructor of the canal, a prototype of its kind.', '__proto__ and toString are words too.'] });
    expect(withNames.suggest('constructor').map((c) => c.value)).toContain('The constructor of the canal, a prototype of its kind.');
    expect(withNames.suggest('__proto').map((c) => c.value)).toContain('__proto__ and toString are words too.');
  });
});
