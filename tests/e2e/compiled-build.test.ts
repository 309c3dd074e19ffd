/**
 * The compiled bot (`npm run build`, dist/) keys its index cache on the same indexing code
 * as the sources run through tsx, so neither reuses a cache the other's code would not build.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { indexCacheKey } from '../../src/search/cache.ts';
import { ROOT } from '../../testkit/process.ts';

describe('the compiled build', () => {
  it('computes the same index cache key as the sources', async () => {
    const kb = await loadKnowledgeBase(path.join(ROOT, 'knowledge'));
    const compiled = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { loadKnowledgeBase } = await import('./dist/knowledge/load.js'); const { indexCacheKey } = await import('./dist/search/cache.js'); process.stdout.write(indexCacheKey(await loadKnowledgeBase('knowledge')));",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(compiled).toBe(indexCacheKey(kb));
  });
});
