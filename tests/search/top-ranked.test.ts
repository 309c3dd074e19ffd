import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSotu, subset } from '../../bench/corpus.ts';
import { SOTU_QUESTIONS, typingPrefix } from '../../bench/questions.ts';
import { parseEvalFile } from '../../src/cli/evaluation.ts';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { AnswerEngine } from '../../src/search/engine.ts';
import { tokenize } from '../../src/search/language/text.ts';
import { loadLexicon } from '../../src/search/lexicon.ts';
import { compileTerms, quickScore, scoreSentence, totalImportance } from '../../src/search/score.ts';

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
    let words: string[];
    beforeAll(async () => {
      engine = AnswerEngine.fromKnowledge(subset(loadSotu(), 3000), { lexicon: await loadLexicon('knowledge/lexicon.yaml') });
      words = [...new Set(engine.index.sentences.flatMap((s) => tokenize(s.text).map((t) => t.norm)))].filter((w) => /^\p{L}{3,}$/u.test(w)).sort();
    });

    it('for whole questions, pages and typing prefixes', () => {
      for (const q of SOTU_QUESTIONS) {
        same(engine, q);
        same(engine, q, { limit: 3, offset: 3 });
        same(engine, typingPrefix(q), { limit: 25 });
      }
    });

    it('for random questions made of the sources’ words', () => {
      const shapes = ['what did they say about {0} and {1}', 'when did the {0} {1} {2}', 'how many {0} {1}', 'why {0} {1} the {2}', '{0} {1}', 'who {0} {1}'];
      fc.assert(
        fc.property(fc.constantFrom(...shapes), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.nat({ max: 4 }), (shape, picks, offset) => {
          const question = shape.replace(/\{(\d)\}/g, (_, k: string) => words[picks[Number(k)]! % words.length]!);
          same(engine, question, { limit: 3, offset });
        }),
        { numRuns: 150, seed: 7 },
      );
    });

    it('scores a sentence the same whether or not it explains the score', () => {
      let compared = 0;
      for (const q of SOTU_QUESTIONS.slice(0, 12)) {
        const analysis = engine.analyse(q);
        const terms = compileTerms(analysis, engine.index);
        for (let i = 0; i < engine.index.size; i += 7) {
          const full = scoreSentence(engine.index, i, terms, analysis.answerType);
          const quick = quickScore(engine.index, i, terms, analysis.answerType, totalImportance(terms));
          expect([quick.score, quick.coverage, quick.anchored], `${q} / ${i}`).toEqual([full.score, full.explain.coverage, full.anchored]);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  });
});
