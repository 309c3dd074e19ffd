import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, allocate, clipText, fitChoices, fitEntries, fitMessage } from '../../src/render/limits.ts';
import { expectWithinLimits } from './markdown.ts';

describe('limits', () => {
  it("holds Discord's documented numbers", () => {
    expect(LIMITS.content).toBe(2000);
    expect(LIMITS.embed).toMatchObject({ title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 });
    expect(LIMITS.embeds).toBe(10);
    expect(LIMITS.autocomplete).toMatchObject({ choices: 25, choiceName: 100, choiceValue: 100 });
    expect(LIMITS.component).toMatchObject({ customId: 100, buttonsPerRow: 5, rows: 5 });
    expect(LIMITS.command).toMatchObject({ name: 32, description: 100 });
  });
});

describe('clipText', () => {
  it('keeps text that fits and cuts long text at a word boundary with an ellipsis', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('the quick brown fox jumps', 18)).toBe('the quick brown…');
  });

  it('never exceeds the limit nor leaves half a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '😀', 'é'), maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const out = clipText(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
      }),
    );
  });
});

describe('allocate', () => {
  it('gives small needs all they ask and splits the rest', () => {
    expect(allocate([100, 5000, 5000], 6000)).toEqual([100, 2950, 2950]);
    expect(allocate([10, 20], 1000)).toEqual([10, 20]);
    expect(allocate([10, 20], -5)).toEqual([0, 0]);
  });
});

describe('fitMessage', () => {
  it('brings an oversized payload within every limit', () => {
    const big = 'x*'.repeat(4000);
    const message = fitMessage({
      content: `**${'a'.repeat(3000)}**`,
      embeds: Array.from({ length: 12 }, () => ({
        title: 't'.repeat(300),
        description: big,
        footer: { text: 'f'.repeat(3000) },
        fields: Array.from({ length: 30 }, () => ({ name: 'n'.repeat(300), value: 'v'.repeat(2000) })),
      })),
      components: Array.from({ length: 7 }, () => ({
        type: 1 as const,
        components: Array.from({ length: 7 }, (_, i) => ({ type: 2 as const, style: 1, label: 'l'.repeat(90), custom_id: i === 0 ? 'c'.repeat(101) : `ok:${i}` })),
      })),
    });
    expectWithinLimits(message);
    expect(message.embeds!.length).toBeGreaterThan(0);
    expect(message.components!.flatMap((r) => r.components).some((b) => b.custom_id!.length > 100)).toBe(false);
  });

  it('leaves a payload that fits untouched', () => {
    const message = { content: 'hi', embeds: [{ title: 't', description: 'd', footer: { text: 'f' } }] };
    expect(fitMessage(message)).toEqual(message);
  });
});

describe('fitChoices', () => {
  it('keeps at most 25 choices of 1-100 characters, without duplicates or empties', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ name: `${i % 30} ${'word '.repeat(40)}`, value: `${i % 30} ${'word '.repeat(40)}` }));
    const out = fitChoices([{ name: ' ', value: 'x' }, ...choices]);
    expect(out).toHaveLength(25);
    for (const c of out) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(new Set(out.map((c) => c.value)).size).toBe(25);
  });
});

describe('fitting whole entries', () => {
  it('keeps whole entries that fit and counts the rest, the count always within the limit', () => {
    const entries = ['one', 'two', 'three', 'four'];
    expect(fitEntries(entries, 100)).toBe('one\ntwo\nthree\nfour');
    const fitted = fitEntries(entries, 20);
    expect(fitted).toBe('one\ntwo\n… and 2 more');
    expect(fitted.length).toBeLessThanOrEqual(20);
    expect(fitEntries(entries, 21, { separator: '\n\n' })).toBe('one\n\n… and 3 more');
    expect(fitEntries(['x'.repeat(50)], 10)).toBe('… and 1 more');
    expect(fitEntries(['x'.repeat(50)], 10, { whenNoneFit: (n) => `${n} too long` })).toBe('1 too long');
  });
});
