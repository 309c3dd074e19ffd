/**
 * Property tests with questions made of real words: WordNet's vocabulary, JavaScript's
 * built-in property names (`constructor`, `__proto__`, `toString`, …, which a plain
 * object used as a lookup table answers with something that is not a string) and the
 * sources' own words. Random strings almost never spell a property name; members do
 * ("who is the constructor of the canal?"). Through the engine's public API, the
 * renderers, and the real discord.js client against FakeDiscord.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLine } from '../../src/question.ts';
import { loadKnowledge } from '../../src/load/load.ts';
import { questionFromContent, renderAnswer, renderNotCovered } from '../../src/render/discord.ts';
import { fitMessage } from '../../src/render/limits.ts';
import { renderAnswerText } from '../../src/render/text.ts';
import type { Answer, AnswerEngine } from '../../src/search/engine.ts';
import { snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from '../e2e/harness.ts';
import { BUILT_IN_NAMES, wordnetVocabulary, wordsOf } from '../fixtures/real-words.ts';
import { expectWithinLimits } from '../render/markdown.ts';

let engine: AnswerEngine;
let sentences: Set<string>;
let sourceWords: string[];
const wordnet = wordnetVocabulary();

beforeAll(async () => {
  ({ engine } = await loadKnowledge('knowledge'));
  sentences = new Set(engine.index.sentences.map((s) => s.text));
  sourceWords = wordsOf([...sentences, ...engine.sources().map((s) => s.title)]);
});

/** Question shapes members use, with a slot for each word. */
const TEMPLATES: ReadonlyArray<(words: string[]) => string> = [
  (w) => w.join(' '),
  (w) => `who is the ${w.join(' ')} of the canal?`,
  (w) => `what did ${w.join(' and ')} say about Albania?`,
  (w) => `when did the ${w.join(' ')} happen`,
  (w) => `how many ${w.join(' ')} were there?`,
  (w) => `why did ${w[0] ?? ''} ${w.slice(1).join(' ')} cut ties with Iran?`,
  (w) => `Is it true that ${w.join(', ')}?`,
  (w) => w.map((x) => x.toUpperCase()).join(' '),
];

/** One word of `list` (by index: the lists are too long to spread into constantFrom). */
const pick = (list: readonly string[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i]!);

/** The names a member is likeliest to type, first in the end-to-end runs. */
const LIKELY_NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'length', 'name', 'then'];

const word = () => fc.oneof({ arbitrary: pick(BUILT_IN_NAMES), weight: 3 }, { arbitrary: pick(wordnet), weight: 4 }, { arbitrary: pick(sourceWords), weight: 3 });

const question = () => fc.tuple(fc.array(word(), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: TEMPLATES.length - 1 })).map(([words, t]) => TEMPLATES[t]!(words));

/** What every answer must be, whatever was asked: at most `limit` verbatim sentences of the sources, scored in [0, 1]. */
function expectWellFormed(answer: Answer, limit = 5): void {
  expect(typeof answer.abstained).toBe('boolean');
  expect(answer.answers.length).toBeLessThanOrEqual(limit);
  for (const a of answer.answers) {
    expect(sentences.has(a.text)).toBe(true);
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.score).toBeLessThanOrEqual(1);
  }
}

describe('questions made of real words, through the engine', () => {
  it('answers or abstains on every JavaScript built-in property name, alone and in questions', () => {
    const failures: string[] = [];
    for (const name of BUILT_IN_NAMES) {
      for (const template of TEMPLATES) {
        const q = template([name]);
        try {
          expectWellFormed(engine.ask(q));
        } catch (error) {
          failures.push(`${JSON.stringify(q)}: ${String(error).split('\n')[0]}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers or abstains on questions drawn from WordNet, the built-in names and the sources', () => {
    fc.assert(
      fc.property(question(), (q) => {
        expectWellFormed(engine.ask(q));
      }),
      { numRuns: 1500 },
    );
  });

  it('analyses every word of the sources, alone, without failing', () => {
    for (const w of sourceWords) expectWellFormed(engine.ask(w));
  });
});

describe('questions made of real words, through the renderers', () => {
  it('renders the answer within every Discord limit and reads the echoed question back exactly', () => {
    fc.assert(
      fc.property(question(), (q) => {
        const asked = oneLine(q);
        const answer = engine.ask(asked, { limit: 3 });
        const message = answer.abstained ? renderNotCovered(asked) : renderAnswer({ ...answer, question: asked });
        expectWithinLimits(fitMessage(message));
        expect(questionFromContent(message.content)).toBe(asked);
        expect(typeof renderAnswerText(answer)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('questions made of real words, through discord.js to FakeDiscord', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('every /ask gets exactly one accepted reply, never "something went wrong"', async () => {
    const asked = [...LIKELY_NAMES.map((n) => `who is the ${n} of the canal?`), ...fc.sample(question(), { numRuns: 30, seed: 16 })];
    for (const q of asked) {
      const reply = await h.ask({ question: q, user: { id: snowflake() } });
      expect(['answered', 'abstained', 'empty'], q).toContain(reply.handled.outcome);
      expect(reply.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
    }
  });

  it('every autocomplete of a real-word question is answered with valid suggestions', async () => {
    const typed = [...LIKELY_NAMES, ...LIKELY_NAMES.map((n) => `who is the ${n} of`), ...fc.sample(question(), { numRuns: 30, seed: 61 })];
    for (const value of typed) {
      const reply = await h.send(h.fake.autocomplete({ name: 'ask', focused: 'question', options: { question: value }, user: { id: snowflake() } }));
      expect(reply.handled.outcome).toBe('autocomplete');
      expect(reply.callback.request.status, value).toBe(204);
    }
    expect(h.logs().filter((l) => l.msg === 'autocomplete failed')).toEqual([]);
  });
});
