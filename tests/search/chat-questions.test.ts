import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { assembleKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import { AnswerEngine } from '../../src/search/engine.ts';

let engine: AnswerEngine;
beforeAll(async () => {
  ({ engine } = await loadKnowledge('knowledge'));
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

  it('answers through a one-letter slip as through the word itself', () => {
    for (const [typo, plain] of [
      ['what was the brrel for', 'what was the barrel for'],
      ['what was going on inside the emabssy during the night', 'what was going on inside the embassy during the night'],
    ]) {
      const a = engine.ask(typo!);
      expect(a.abstained, typo).toBe(false);
      expect(a.answers[0]!.id, typo).toBe(engine.ask(plain!).answers[0]!.id);
    }
  });

  it('corrects a typo to a word of the lexicon, not only of the articles', () => {
    // "Washington" is in the lexicon (the United States), not in the article.
    expect(engine.ask('what did washnigton say theyd do to iran').answers[0]!.text).toMatch(/^The United States supported/);
  });

  it('reads the word where the verb of the question stands as a verb ("how did he die": not dice)', () => {
    const kb = assembleKnowledgeBase([
      parseKnowledgeFile('a.md', Buffer.from('---\nid: a\ntitle: T\n---\n\nThe dice rolled off the table.\n\nThe man was killed by a falling tree.\n')),
    ]);
    const small = AnswerEngine.fromKnowledge(kb);
    const forms = small
      .analyse('how did the man die')
      .terms.find((t) => t.text === 'die')!
      .forms.map((f) => f.label);
    expect(forms).not.toContain('dice');
    expect(forms).toContain('kill');
    expect(small.ask('how did the man die').answers[0]!.text).toBe('The man was killed by a falling tree.');
  });
});
