import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSotu, subset } from '../../bench/corpus.ts';
import { SOTU_QUESTIONS } from '../../bench/questions.ts';
import { parseEvalFile } from '../../src/cli/evaluation.ts';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { AnswerEngine } from '../../src/search/engine.ts';
import { loadLexicon } from '../../src/search/lexicon.ts';
import { typingPrefix } from '../../bench/questions.ts';

/**
 * The engine stops scoring once no unvisited sentence can change its answer. These
 * tests hold it to the exhaustive ranking: same answers, same order, same scores.
 */
const same = (engine: AnswerEngine, question: string, options: { limit?: number; offset?: number } = {}) =>
  expect(JSON.stringify(engine.ask(question, options)), question).toBe(JSON.stringify(engine.ask(question, { ...options, exhaustive: true })));

describe('pruned ranking gives the exhaustive answers', () => {
  it('on the seed and its question sets', async () => {
    const engine = AnswerEngine.fromKnowledge(await loadKnowledgeBase('knowledge'), { lexicon: await loadLexicon('knowledge/lexicon.yaml') });
    for (const file of ['questions.dev.jsonl', 'questions.holdout.jsonl', 'questions.extra.jsonl']) {
      for (const q of parseEvalFile(readFileSync(`tests/fixtures/${file}`, 'utf8'))) {
        same(engine, q.question);
        same(engine, q.question, { limit: 2, offset: 2 });
      }
    }
  });

  describe('on 3,000 sentences of State of the Union addresses', () => {
    let engine: AnswerEngine;
    beforeAll(() => {
      engine = AnswerEngine.fromKnowledge(subset(loadSotu(), 3000));
    });

    it('for whole questions, pages and typing prefixes', () => {
      for (const q of SOTU_QUESTIONS) {
        same(engine, q);
        same(engine, q, { limit: 3, offset: 3 });
        same(engine, typingPrefix(q), { limit: 25 });
      }
    });
  });
});
