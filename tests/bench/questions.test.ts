import { describe, expect, it } from 'vitest';
import { contentWords, OFF_TOPIC, PER_KIND, QUESTION_KINDS, questionMix, typo } from '../../bench/question-mix.ts';
import { assembleKnowledgeBase } from '../../src/knowledge/load.ts';
import { segment } from '../../src/knowledge/segment.ts';

const body = [
  'The treasury reported a surplus after the tariff was lowered.',
  'Farmers in the western territories asked Congress for new railroads.',
  'The navy launched three battleships to guard the Pacific coast.',
  'Negotiations with Mexico over the border continued through the winter.',
].join(' ');
const kb = assembleKnowledgeBase([{ meta: { id: 'd', title: 'D' }, file: 'd', body, sentences: segment('d', body) }], 'q');
const written = Array.from({ length: 12 }, (_, k) => `What happened in year ${k}?`);

describe('benchmark question mix', () => {
  const mix = questionMix(kb, written);

  it('has 40 questions of each kind, at least 200 in all', () => {
    expect(mix.length).toBeGreaterThanOrEqual(200);
    for (const kind of QUESTION_KINDS)
      expect(
        mix.filter((q) => q.kind === kind),
        kind,
      ).toHaveLength(PER_KIND);
  });

  it('is the same for the same corpus and differs for another seed', () => {
    expect(questionMix(kb, written)).toEqual(mix);
    expect(questionMix(kb, written, 7).map((q) => q.text)).not.toEqual(mix.map((q) => q.text));
  });

  it("asks about the corpus words, in members' phrasing, typos, keywords and prefixes", () => {
    const vocabulary = new Set(contentWords(body));
    const of = (kind: string) => mix.filter((q) => q.kind === kind).map((q) => q.text);
    expect(of('written').slice(0, 12)).toEqual(written);
    for (const q of of('web')) {
      expect(q).toBe(q.toLowerCase());
      for (const w of q.split(' ')) expect(vocabulary.has(w), q).toBe(true);
    }
    // Typo'd questions hold words the corpus does not.
    expect(
      of('typo').filter((q) => contentWords(q).some((w) => w.length >= 5 && !vocabulary.has(w) && !/^(what|about|happened|there|related|mention|anything)$/.test(w))).length,
    ).toBeGreaterThan(20);
    expect(of('member').every((q) => contentWords(q).some((w) => vocabulary.has(w)))).toBe(true);
    expect(new Set(of('prefix')).size).toBeGreaterThan(30);
    expect(of('off-topic')).toEqual(OFF_TOPIC.slice(0, PER_KIND));
  });

  it('makes typos people make: one letter swapped, dropped or doubled', () => {
    for (const r of [0, 0.2, 0.5, 0.9]) {
      const t = typo('treasury', r);
      expect(t).not.toBe('treasury');
      expect(Math.abs(t.length - 8)).toBeLessThanOrEqual(1);
      expect(t[0]).toBe('t');
    }
    expect(typo('war', 0.5)).toBe('war');
  });
});
