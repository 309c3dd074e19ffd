import { describe, expect, it } from 'vitest';
import { aggregate, outgrown, type RunFigures } from '../../bench/aggregate.ts';
import { ratios } from '../../bench/report.ts';
import { median, seededRandom, spread } from '../../bench/stats.ts';

describe('medians of repeated runs', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(spread([3, 9, 1])).toEqual([1, 9]);
    expect(spread([])).toBeUndefined();
  });

  it('so one slow run does not decide a figure, and its spread shows', () => {
    const runs: RunFigures[] = [
      { sentences: 10, questions: 240, p50_cpu_ms: 2, p99_cpu_ms: 10, measured: 240 },
      { sentences: 10, questions: 240, p50_cpu_ms: 9, p99_cpu_ms: 80, measured: 240 },
      { sentences: 10, questions: 240, p50_cpu_ms: 3, p99_cpu_ms: 12, measured: 240 },
    ];
    const row = aggregate('sotu 1k', 'factdesk', runs);
    expect(row.median.p50_cpu_ms).toBe(3);
    expect(row.median.p99_cpu_ms).toBe(12);
    expect(row.spread.p99_cpu_ms).toEqual([10, 80]);
    expect(row.median.build_ms).toBeNull();
    expect(row).toMatchObject({ runs: 3, skipped: null, sentences: 10, questions: 240 });
  });

  it('leaves skipped runs out, and says why when none was measured', () => {
    const row = aggregate('sotu full', 'fuse-naive', [{ sentences: 5, skipped: 'one question took 4.2 s' }]);
    expect(row.runs).toBe(0);
    expect(row.skipped).toBe('one question took 4.2 s');
    expect(aggregate('archive 1m', 'minisearch-fuzzy', [], 'over budget at archive 250k').skipped).toBe('over budget at archive 250k');
  });

  it('gives ratios as peer ÷ factdesk, none for a skipped peer', () => {
    const mine = aggregate('c', 'factdesk', [{ sentences: 1, questions: 240, measured: 240, p50_cpu_ms: 2, p99_cpu_ms: 10, p50_ms: 2, p99_ms: 10, rss_mb: 100 }]);
    const peer = aggregate('c', 'minisearch-fuzzy', [{ sentences: 1, questions: 240, measured: 30, p50_cpu_ms: 200, p99_cpu_ms: 500, p50_ms: 250, p99_ms: 600, rss_mb: 1000 }]);
    const gone = aggregate('c', 'fuse-naive', [], 'skipped earlier');
    const [a, b] = ratios([mine, peer, gone]);
    expect(a).toMatchObject({ peer: 'minisearch-fuzzy', p50_cpu: 100, p99_cpu: 50, p50_wall: 125, p99_wall: 60, rss: 10 });
    expect(a!.note).toMatch(/30 of 240/);
    expect(b).toMatchObject({ peer: 'fuse-naive', p50_cpu: null, note: 'peer skipped: skipped earlier' });
  });

  it('stops running a peer past the size where it no longer fits the budget', () => {
    const fits = aggregate('sotu full', 'minisearch-fuzzy', [{ sentences: 1, questions: 240, measured: 100 }]);
    const slow = aggregate('archive 250k', 'minisearch-fuzzy', [{ sentences: 1, questions: 240, measured: 31 }]);
    expect(outgrown(fits, 30_000)).toBeUndefined();
    expect(outgrown(slow, 30_000)).toBe('at archive 250k only 31 of 240 questions fit the 30 s budget');
    expect(outgrown(aggregate('sotu full', 'fuse-naive', [{ sentences: 1, skipped: 'one question took 4.2 s' }]), 30_000)).toBe('one question took 4.2 s at sotu full');
  });

  it('draws the same numbers from the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(5);
  });
});
