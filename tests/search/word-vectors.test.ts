import { describe, expect, it } from 'vitest';
import { encodeWordVectors, sharedWordVectors, WordVectors } from '../../src/search/language/word-vectors.ts';
import { modelScore } from '../../src/search/rerank.ts';

describe('the word-vectors table format', () => {
  const words = ['alpha', 'beta', 'gamma'];
  const vectors = [
    [1, 0, 0, 0],
    [0.9, 0.1, 0, 0],
    [0, 0, -2, 1],
  ];

  it('reads back what it wrote: rows by word, cosines of the unit vectors', () => {
    const table = new WordVectors(encodeWordVectors(words, vectors, 4));
    expect(table.size).toBe(3);
    expect(table.dimensions).toBe(4);
    expect(table.id('beta')).toBe(1);
    expect(table.id('delta')).toBe(-1);
    const cos = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * b[j]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(table.similarity(0, 1)).toBeCloseTo(cos(vectors[0]!, vectors[1]!), 2);
    expect(table.similarity(0, 2)).toBeCloseTo(0, 2);
    expect(table.similarity(2, 2)).toBe(1);
  });

  it('never takes an object property name for a word', () => {
    const table = new WordVectors(encodeWordVectors(words, vectors, 4));
    for (const w of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(table.id(w)).toBe(-1);
  });

  it('refuses a file that is not a table, or is cut short', () => {
    const bytes = encodeWordVectors(words, vectors, 4);
    expect(() => new WordVectors(new TextEncoder().encode('hello world, not vectors'))).toThrow(/not a word-vectors file/);
    expect(() => new WordVectors(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated or corrupt/);
  });

  it('adds scaled unit vectors into a sum', () => {
    const table = new WordVectors(encodeWordVectors(words, vectors, 4));
    const sum = new Float32Array(4);
    table.addTo(sum, 0, 2);
    table.addTo(sum, 2, 1);
    expect(sum[0]).toBeCloseTo(2, 1);
    expect(sum[2]).toBeCloseTo(-2 / Math.sqrt(5), 1);
  });
});

describe('the bundled table', () => {
  const table = sharedWordVectors();
  const sim = (a: string, b: string) => table.similarity(table.id(a), table.id(b));

  it('holds common English words and no capitals', () => {
    expect(table.size).toBeGreaterThan(50_000);
    for (const w of ['revenue', 'sales', 'refund', 'headquartered', 'assassinated', 'gonna']) expect(table.id(w)).toBeGreaterThanOrEqual(0);
    expect(table.id('The')).toBe(-1);
  });

  it('puts words of one meaning closer than unrelated words', () => {
    expect(sim('revenue', 'sales')).toBeGreaterThan(0.6);
    expect(sim('stock', 'shares')).toBeGreaterThan(0.6);
    expect(sim('revenue', 'sales')).toBeGreaterThan(sim('revenue', 'volcano') + 0.3);
    expect(sim('died', 'killed')).toBeGreaterThan(sim('died', 'umbrella') + 0.3);
  });
});

describe('the ranking model score', () => {
  it('is the linear part when there are no hidden units, and adds each unit otherwise', () => {
    const f = [0.5, 1];
    expect(modelScore({ weights: [2, -1], bias: 0.5 }, f)).toBeCloseTo(0.5 + 1 - 1);
    const hidden = { weights: [[1, 1]], bias: [-0.5], output: [3] };
    expect(modelScore({ weights: [2, -1], bias: 0.5, hidden }, f)).toBeCloseTo(0.5 + 3 * Math.tanh(1));
  });
});
