import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run bench -- --json', () => {
  it('prints one row per engine and corpus, with the fields other tools read', { timeout: 120_000 }, async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--json', '--sizes', '200', '--budget', '1'], { maxBuffer: 1 << 24 });
    const { rows } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { rows: Array<Record<string, unknown>> };
    // The bundled knowledge, then 200 sentences of the addresses: each with the three engines.
    expect(rows).toHaveLength(6);
    expect(rows.slice(3).map((r) => r.sentences)).toEqual([200, 200, 200]);
    for (const corpus of [rows.slice(0, 3), rows.slice(3)]) {
      expect(corpus.map((r) => r.engine)).toEqual(['factdesk', 'minisearch-fuzzy', 'fuse-naive']);
      expect(new Set(corpus.map((r) => r.sentences)).size).toBe(1);
    }
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['build_ms', 'engine', 'load_ms', 'p50_ms', 'p99_ms', 'rss_mb', 'sentences']);
      for (const field of ['build_ms', 'load_ms', 'p50_ms', 'p99_ms', 'rss_mb'] as const) {
        expect(typeof row[field] === 'number' && row[field] >= 0, `${String(row.engine)} ${field}`).toBe(true);
      }
      expect(row.p99_ms as number).toBeGreaterThanOrEqual(row.p50_ms as number);
    }
  });
});
