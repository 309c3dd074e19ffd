import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/bootstrap.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';

let engine: AnswerEngine;
beforeAll(async () => {
  ({ engine } = await loadEngine('knowledge'));
});

const terms = (q: string) => engine.analyse(q).terms.map((t) => t.text.toLowerCase());

describe('questions typed the way members chat', () => {
  it('drops lead-ins and asides, so the question is judged by what it asks', () => {
    const plain = terms('why did albania expel the iranian diplomats');
    for (const chatty of [
      'yo quick q, why did albania expel the iranian diplomats??',
      'could anyone tell me why did albania expel the iranian diplomats',
      'asking for a friend, why did albania expel the iranian diplomats lol',
      'hey guys, a friend told me that albania expel the iranian diplomats, why did they',
    ]) {
      expect(terms(chatty), chatty).toEqual(plain);
    }
  });

  it('answers a chatty question with the answer of the plain one', () => {
    const plain = engine.ask('why did albania cut ties with iran');
    const chatty = engine.ask('yo quick q, could anyone tell me why albania cut ties with iran?? asking for a friend');
    expect(chatty.abstained).toBe(false);
    expect(chatty.answers[0]!.id).toBe(plain.answers[0]!.id);
  });

  it('does not count filler and pronouns as content', () => {
    expect(terms('so basically what stuff happened with them lol')).not.toEqual(expect.arrayContaining(['stuff', 'basically', 'lol', 'them']));
  });

  it('keeps words of the question that only look like chat when they carry the topic', () => {
    // "friend" alone is a word like any other; only "a friend told me" is a lead-in.
    expect(terms('who is a friend of the mek')).toContain('friend');
  });
});
