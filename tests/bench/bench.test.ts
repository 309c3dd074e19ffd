import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { subset, surnameSlug } from '../../bench/corpus.ts';
import { percentile, spreadOrder } from '../../bench/stats.ts';
import { typingPrefix } from '../../bench/questions.ts';
import { loadKnowledge } from '../../src/load/load.ts';
import { parseEvalFile } from '../../src/cli/evaluation.ts';
import { assembleKnowledgeBase } from '../../src/knowledge/load.ts';
import { segment } from '../../src/knowledge/segment.ts';
import type { KnowledgeDocument } from '../../src/knowledge/types.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';
import { compileTerms, scoreSentence } from '../../src/search/score.ts';

const questions = parseEvalFile(readFileSync('tests/fixtures/questions.dev.jsonl', 'utf8')).map((q) => q.question);

let engine: AnswerEngine;
beforeAll(async () => {
  ({ engine } = await loadKnowledge('knowledge'));
});

describe('coverage bounds from the postings', () => {
  it('never fall below the coverage the scorer finds, for any sentence or dev question', () => {
    const index = engine.index;
    let compared = 0;
    for (const q of [...questions, ...questions.map((x) => typingPrefix(x))]) {
      const analysis = engine.analyse(q);
      const terms = compileTerms(analysis, index);
      const { sentences, bounds } = index.coverageBounds(terms, 0);
      const boundOf = new Map([...sentences].map((i, k) => [i, bounds[k]!]));
      index.sentences.forEach((s, i) => {
        const coverage = scoreSentence(index, i, terms, analysis.answerType).explain.coverage;
        if (coverage > 0) {
          expect(boundOf.has(i), `${q} / ${s.id}`).toBe(true);
          expect(boundOf.get(i)!, `${q} / ${s.id}`).toBeGreaterThanOrEqual(coverage - 1e-9);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keep only the sentences that can reach the cutoff', () => {
    const terms = compileTerms(engine.analyse(questions[0]!), engine.index);
    const all = engine.index.coverageBounds(terms, 0);
    const allBounds = [...all.bounds];
    const allSentences = [...all.sentences];
    const some = engine.index.coverageBounds(terms, 0.5);
    expect(some.sentences.length).toBeLessThan(allSentences.length);
    expect([...some.bounds].every((b) => b >= 0.5 - 1e-9)).toBe(true);
    // Exactly the sentences whose bound reaches the cutoff are kept.
    const kept = new Set(some.sentences);
    allSentences.forEach((i, k) => expect(kept.has(i), `sentence ${i}`).toBe(allBounds[k]! >= 0.5 - 1e-9));
  });
});

describe('vocabulary affix lookup', () => {
  it('finds what a scan of the vocabulary finds, in the same order', () => {
    const index = engine.index;
    const vocabulary = [...index.surfaceToTerm.keys()];
    const parts = ['iran', 'ian', 'dip', 'ed', 'ing', 'attack', 'tirana', 'zzz', ...vocabulary.slice(0, 60).map((w) => w.slice(1, 4))];
    for (const part of parts) {
      const scan = vocabulary.filter((w) => w.length >= part.length + 2 && (w.startsWith(part) || w.endsWith(part)));
      expect(index.surfacesWithAffix(part, 2), part).toEqual(scan);
    }
  });
});

describe('benchmark corpus', () => {
  const doc = (id: string, n: number): KnowledgeDocument => {
    const body = Array.from({ length: n }, (_, k) => `Sentence ${k + 1} of ${id} is here.`).join(' ');
    return { meta: { id, title: id }, file: id, body, sentences: segment(id, body) };
  };
  const kb = assembleKnowledgeBase(
    Array.from({ length: 20 }, (_, k) => doc(`d${k}`, 30)),
    'x',
  );

  it('cuts a subset to exactly the asked number of sentences, from addresses across the corpus', () => {
    const part = subset(kb, 100);
    expect(part.sentences).toHaveLength(100);
    expect(part.sentences).toEqual(part.documents.flatMap((d) => d.sentences));
    const ids = part.documents.map((d) => d.meta.id);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    expect(Number(ids.at(-1)!.slice(1)) - Number(ids[0]!.slice(1))).toBeGreaterThan(5);
    expect(part.fingerprint).not.toBe(kb.fingerprint);
    expect(subset(kb, 10_000)).toBe(kb);
  });

  it('names addresses by year and surname', () => {
    expect(surnameSlug('William Mc Kinley')).toBe('mckinley');
    expect(surnameSlug('Joseph R Biden')).toBe('biden');
    expect(surnameSlug('George Washington')).toBe('washington');
  });
});

describe('benchmark statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, k) => 100 - k);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });

  it('visits every question once in a spread-out order', () => {
    const items = Array.from({ length: 45 }, (_, k) => k);
    const order = spreadOrder(items);
    expect([...order].sort((a, b) => a - b)).toEqual(items);
    expect(order.slice(0, 5).some((k) => k > 30)).toBe(true);
  });
});
