import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { assembleKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import { AnswerEngine, MAX_QUESTION_CHARS } from '../../src/search/engine.ts';

let engine: AnswerEngine;
beforeAll(async () => {
  ({ engine } = await loadKnowledge('knowledge'));
});

const article = (id: string, front: string, body: string) => parseKnowledgeFile(`${id}.md`, Buffer.from(`---\nid: ${id}\n${front}\n---\n\n${body}\n`));

describe('answer engine', () => {
  it('answers with verbatim sentences and their full attribution', () => {
    const answer = engine.ask('Why did Albania cut diplomatic ties with Iran?');
    expect(answer.abstained).toBe(false);
    const top = answer.answers[0]!;
    const sentence = engine.sentence(top.id)!;
    expect(top.text).toBe(sentence.text);
    expect(top.source).toEqual({
      id: 'iran-embassy-tirana',
      title: 'Diplomats leave Iranian Embassy in Albania after expulsion',
      published: '2022-09-08',
    });
    expect(top.paragraph).toBe(sentence.paragraph);
    expect(top.sentence).toBe(sentence.sentence);
  });

  it('returns at most 5 answers, best first, with scores in [0, 1]', () => {
    const answer = engine.ask('Iranian embassy Tirana Albania diplomats cyberattack');
    expect(answer.answers.length).toBeGreaterThan(0);
    expect(answer.answers.length).toBeLessThanOrEqual(5);
    const scores = answer.answers.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
  });

  it('warms up on questions of its own without changing any answer', async () => {
    const { engine: cold } = await loadKnowledge('knowledge');
    const questions = ['Why did Albania cut diplomatic ties with Iran?', 'when did the diplomats leave', 'What is the capital of France?', 'who is edi rama'];
    const before = questions.map((q) => JSON.stringify(cold.ask(q)));
    const warm = cold.warmUp(10_000);
    expect(warm.questions).toBeGreaterThan(0);
    expect(questions.map((q) => JSON.stringify(cold.ask(q)))).toEqual(before);
    expect((await loadKnowledge('knowledge', { warmUp: true })).engine.ask(questions[0]!)).toEqual(cold.ask(questions[0]!));
  });

  it('abstains on off-topic questions', () => {
    for (const q of ['What is the capital of France?', 'Who won the 2018 football World Cup?', 'How do I bake bread?', 'best pizza near me']) {
      const answer = engine.ask(q);
      expect(answer.abstained, q).toBe(true);
      expect(answer.answers).toEqual([]);
    }
  });

  it('is deterministic', () => {
    const q = 'what happened at the embassy overnight';
    expect(JSON.stringify(engine.ask(q))).toBe(JSON.stringify(engine.ask(q)));
  });

  it('highlights the matched words inside the sentence', () => {
    const top = engine.ask('When did the cyberattack happen?').answers[0]!;
    expect(top.highlights.length).toBeGreaterThan(0);
    for (const [a, b] of top.highlights) expect(top.matched).toContain(top.text.slice(a, b));
    expect(top.matched.map((m) => m.toLowerCase())).toContain('cyberattack');
  });

  it('pages through answers with an offset', () => {
    const all = engine.ask('Iran Albania embassy', { limit: 5 }).answers;
    const second = engine.ask('Iran Albania embassy', { limit: 2, offset: 2 }).answers;
    expect(second.map((a) => a.id)).toEqual(all.slice(2, 4).map((a) => a.id));
  });

  it('survives absurd questions without throwing', () => {
    const absurd = [
      '',
      '   ',
      'x'.repeat(6000),
      'why '.repeat(1500),
      '🔥🔥🔥 💥',
      'Z̸̢̛̤͕̖͖͎̈́̒̈́̽̓͘a̵̡̛̖̼̞̥̗͊l̵̡̨̞̳̉̆g̴̢̛̞̱͋o̶̧̼̟̊̄ ̷̡̛̝̘̈́̆t̵̲̝̅̕e̸̢̛̟̘͌x̷̡̛̝̟̌t̷̡̛̳̮̀',
      '**bold** _it_ `code` [link](http://x) > quote',
      '<@123456789012345678> @everyone @here <@&987654321098765432>',
      '.*+?^${}()|[]\\ (((( [[[',
      'مرحبا ما هذا',
      '\u202Eevil\u202C right-to-left',
      '\u0000\u0001\u0002',
    ];
    for (const q of absurd) {
      const answer = engine.ask(q);
      expect(answer.question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
      expect(Array.isArray(answer.answers)).toBe(true);
    }
  });

  it('corrects typos against the words of the sources', () => {
    const answer = engine.ask('why did albnia expel iranian diplomats');
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.explain.terms.some((t) => t.form === 'albania' || t.form === 'tirana')).toBe(true);
  });

  it('ranks a headline below a body sentence that says the same', () => {
    const doc = article('h', 'title: T', '# Storm floods the harbour town\n\nThe storm floods the harbour town. Other news followed.');
    const e = AnswerEngine.fromKnowledge(assembleKnowledgeBase([doc]), { wordnet: false });
    const answer = e.ask('storm floods harbour town');
    expect(answer.answers.map((a) => a.kind)).toEqual(['body', 'headline']);
  });

  it('prefers a sentence of the asked answer type', () => {
    const doc = article('d', 'title: T', 'The bridge reopened after repairs. The bridge reopened on March 3, 2021. The bridge is long.');
    const e = AnswerEngine.fromKnowledge(assembleKnowledgeBase([doc]), { wordnet: false });
    expect(e.ask('When did the bridge reopen?').answers[0]!.text).toContain('March 3');
  });

  it('is not specific to the seed: answers on another article', () => {
    const doc = article(
      'court',
      'title: Court blocks mining permit\npublisher: Example Wire\npublished: 2023-05-04',
      'A federal court on Wednesday blocked a permit for a copper mine near the river.\n\nJudge Maria Lopez said the agency ignored the risk to drinking water. The company said it would appeal.',
    );
    const e = AnswerEngine.fromKnowledge(assembleKnowledgeBase([doc]));
    const answer = e.ask('Will the company appeal the ruling?');
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.text).toBe('The company said it would appeal.');
    expect(answer.answers[0]!.source.publisher).toBe('Example Wire');
    expect(e.ask('Who won the Champions League?').abstained).toBe(true);
  });

  it('gives the neighbours of a sentence as its context', () => {
    const ctx = engine.context('iran-embassy-tirana:5.2');
    expect(ctx.map((s) => s.id)).toEqual(['iran-embassy-tirana:5.1', 'iran-embassy-tirana:5.2', 'iran-embassy-tirana:5.3']);
  });

  it('lists its sources with sentence counts', () => {
    expect(engine.sources()).toEqual([expect.objectContaining({ id: 'iran-embassy-tirana', sentences: 20, published: '2022-09-08' })]);
  });
});
