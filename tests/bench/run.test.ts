import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIGURES } from '../../bench/aggregate.ts';
import { parseArgs, parseSize } from '../../bench/run.ts';

const run = promisify(execFile);

describe('npm run bench -- --json', () => {
  it('prints one row per engine and corpus, with every figure of the table and its spread', { timeout: 180_000 }, async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--json', '--sizes', '200', '--budget', '0.5', '--repeat', '2'], { maxBuffer: 1 << 24 });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      repeat: number;
      rows: Array<Record<string, unknown>>;
      ratios: Array<Record<string, unknown>>;
      machine: { cpus: number };
    };
    expect(report.repeat).toBe(2);
    expect(report.machine.cpus).toBeGreaterThan(0);
    // The bundled knowledge, then 200 sentences of the addresses: each with the three engines.
    expect(report.rows.map((r) => [r.corpus, r.engine])).toEqual([
      ['bundled', 'factdesk'],
      ['bundled', 'minisearch-fuzzy'],
      ['bundled', 'fuse-naive'],
      ['sotu 200', 'factdesk'],
      ['sotu 200', 'minisearch-fuzzy'],
      ['sotu 200', 'fuse-naive'],
    ]);
    expect(report.rows.slice(3).map((r) => r.sentences)).toEqual([200, 200, 200]);
    for (const row of report.rows) {
      expect(Object.keys(row).sort()).toEqual(['corpus', 'engine', 'questions', 'runs', 'sentences', 'skipped', 'spread', ...FIGURES].sort());
      expect(row.skipped).toBeNull();
      expect(row.runs).toBe(2);
      expect(row.questions).toBeGreaterThanOrEqual(200);
      for (const f of ['build_ms', 'start_ms', 'first_answer_ms', 'p50_ms', 'p99_ms', 'p50_cpu_ms', 'p99_cpu_ms', 'rss_mb', 'build_rss_mb'] as const) {
        expect(typeof row[f] === 'number' && row[f] >= 0, `${String(row.engine)} ${f}`).toBe(true);
        const [lo, hi] = (row.spread as Record<string, [number, number]>)[f]!;
        expect(lo <= (row[f] as number) && (row[f] as number) <= hi, `${String(row.engine)} ${f} within its spread`).toBe(true);
      }
      expect(row.p99_ms as number).toBeGreaterThanOrEqual(row.p50_ms as number);
      expect(row.p99_cpu_ms as number).toBeGreaterThanOrEqual(row.p50_cpu_ms as number);
    }
    // factdesk's typing figures; Fuse is not asked prefixes.
    expect(typeof report.rows[3]!.typing_p99_ms).toBe('number');
    expect(report.ratios.map((r) => [r.corpus, r.peer])).toEqual([
      ['bundled', 'minisearch-fuzzy'],
      ['bundled', 'fuse-naive'],
      ['sotu 200', 'minisearch-fuzzy'],
      ['sotu 200', 'fuse-naive'],
    ]);
  });
});

describe('bench options', () => {
  it('reads sizes as 1k, 250k, 1m, full or whole numbers', () => {
    expect(['1k', '10k', 'full', '250k', '1m', '200'].map(parseSize)).toEqual([1000, 10_000, 0, 250_000, 1_000_000, 200]);
    expect(() => parseSize('lots')).toThrow(/--sizes/);
    expect(() => parseSize('0.5')).toThrow(/whole number/);
  });

  it('runs each engine three times on the SOTU sizes unless told otherwise', () => {
    const o = parseArgs([]);
    expect(o.repeat).toBe(3);
    expect(o.sizes).toEqual([1000, 10_000, 0]);
    expect(parseArgs(['--sizes', '250k,1m', '--repeat', '5']).sizes).toEqual([250_000, 1_000_000]);
    expect(() => parseArgs(['--repeat', '0'])).toThrow(/--repeat/);
    expect(() => parseArgs(['--engines', 'lucene'])).toThrow(/unknown engine/);
  });
});
