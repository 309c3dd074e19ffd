import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { respondToLine } from '../../src/cli/console.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';

let engine: AnswerEngine;
beforeAll(async () => {
  ({ engine } = await loadKnowledge('tests/fixtures/articles'));
});

describe('asking one article', () => {
  it('answers only from the article it is asked of', () => {
    for (const source of ['court-rental-ban', 'election-westmere', 'heater-recall', 'storm-leona']) {
      const answer = engine.ask('how many people were affected', { source });
      for (const a of answer.answers) expect(a.source.id).toBe(source);
    }
  });

  it('finds the answer in its article even when another article words the question better', () => {
    // Both the recall and the storm articles speak of deaths; asked of the storm article,
    // the answer must come from it.
    const answer = engine.ask('did anyone die', { source: 'storm-leona' });
    expect(answer.abstained).toBe(false);
    expect(answer.answers[0]!.source.id).toBe('storm-leona');
  });

  it('ranks every sentence of the article exactly once for evaluation', () => {
    const ranking = engine.rankArticle('who won the election', 'election-westmere');
    const own = engine.index.sentences.filter((s) => s.docId === 'election-westmere');
    expect(ranking.map((s) => s.id).sort()).toEqual(own.map((s) => s.id).sort());
    expect(ranking[0]!.text).toMatch(/won the Westmere mayoral election|wins Westmere mayoral race/);
  });

  it('answers nothing from an article id it does not know', () => {
    expect(engine.ask('who won the election', { source: 'no-such-article' }).answers).toEqual([]);
    expect(engine.rankArticle('who won the election', 'no-such-article')).toEqual([]);
  });

  it('is offered in the console as /ask-in', () => {
    const out = respondToLine(engine, '/ask-in storm-leona how many homes lost power')!;
    expect(out).toContain('Storm Leona');
    expect(out).not.toContain('Westmere');
    expect(respondToLine(engine, '/ask-in nowhere what happened')).toMatch(/no article "nowhere".*\/ask-in <article id> <question>/);
    expect(respondToLine(engine, '/ask-in storm-leona')).toMatch(/^Usage: \/ask-in/);
  });
});
