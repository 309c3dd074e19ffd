import { cp, mkdtemp, readFile, rm, writeFile, appendFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { parseEvalFile } from '../../src/cli/evaluation.ts';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { INDEX_CACHE_FILE, readIndexCache, indexCacheKey, CacheMiss } from '../../src/search/cache.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';
import { SentenceIndex } from '../../src/search/sentence-index.ts';

const questions = parseEvalFile(readFileSync('tests/fixtures/questions.dev.jsonl', 'utf8'));
const answersOf = (engine: AnswerEngine) => questions.map((q) => JSON.stringify(engine.ask(q.question)));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'factdesk-cache-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A private copy of the bundled knowledge, so tests can change it. */
async function knowledgeCopy(name: string): Promise<string> {
  const dir = path.join(tmp, name, 'knowledge');
  await cp('knowledge', dir, { recursive: true });
  return dir;
}

const quiet = { debug() {}, info() {}, warn() {} };

function flipByte(bytes: Buffer, at: number): Buffer {
  const out = Buffer.from(bytes);
  out[at] = out[at]! ^ 0x5a;
  return out;
}

describe('prebuilt index cache', () => {
  it('gives the same answers from the cache as from a freshly built index, for every dev question', async () => {
    const cacheDir = path.join(tmp, 'same', 'data');
    const fresh = await loadKnowledge('knowledge');
    const first = await loadKnowledge('knowledge', { cacheDir, logger: quiet });
    const second = await loadKnowledge('knowledge', { cacheDir, logger: quiet });
    expect(fresh.cache).toBeUndefined();
    expect(first.cache?.source).toBe('built');
    expect(second.cache?.source).toBe('cache');
    const expected = answersOf(fresh.engine);
    expect(expected.some((a) => a.includes('"abstained":false'))).toBe(true);
    expect(answersOf(first.engine)).toEqual(expected);
    expect(answersOf(second.engine)).toEqual(expected);
  });

  it('keeps the whole index through a save and load', async () => {
    const kb = await loadKnowledgeBase('knowledge');
    const built = SentenceIndex.build(kb);
    const loaded = SentenceIndex.fromBinary(built.toBinary(), kb);
    expect(loaded.sentences).toEqual(built.sentences);
    expect(loaded.terms).toEqual(built.terms);
    for (const column of ['tokenStart', 'tokenIds', 'firstMention', 'featureMask', 'featureStart', 'featureCode', 'featurePos', 'kindOf', 'docOf', 'paragraphOf'] as const) {
      expect([...loaded[column]], column).toEqual([...built[column]]);
    }
    expect([...loaded.surfaceToTerm]).toEqual([...built.surfaceToTerm]);
    expect(loaded.postings.map((p) => [...p])).toEqual(built.postings.map((p) => [...p]));
    expect([...loaded.sources.values()]).toEqual([...built.sources.values()]);
  });

  it.each([
    ['garbage', () => Buffer.from('not a cache at all')],
    ['an empty file', () => Buffer.alloc(0)],
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['one changed byte in the index', (bytes: Buffer) => flipByte(bytes, bytes.length - 100)],
    ['one changed byte in the checksum', (bytes: Buffer) => flipByte(bytes, bytes.indexOf('"sha256":"') + 12)],
  ])('rebuilds and rewrites a corrupt cache file (%s)', async (_name, damage) => {
    const cacheDir = path.join(tmp, `corrupt-${_name.replace(/\W+/g, '-')}`);
    await loadKnowledge('knowledge', { cacheDir, logger: quiet });
    const file = path.join(cacheDir, INDEX_CACHE_FILE);
    const good = await readFile(file);
    const bad = damage(good);
    expect(bad.equals(good)).toBe(false);
    await writeFile(file, bad);

    const again = await loadKnowledge('knowledge', { cacheDir, logger: quiet });
    expect(again.cache).toMatchObject({ source: 'built', saved: true });
    expect(again.cache?.source === 'built' && again.cache.reason).toMatch(/^corrupt/);
    expect(answersOf(again.engine)).toEqual(answersOf((await loadKnowledge('knowledge')).engine));
    // The rebuilt file is whole again, and no temporary file is left behind.
    expect((await loadKnowledge('knowledge', { cacheDir, logger: quiet })).cache?.source).toBe('cache');
    expect(await readdir(cacheDir)).toEqual([INDEX_CACHE_FILE]);
  });

  it('is invalidated when a knowledge file changes', async () => {
    const dir = await knowledgeCopy('changed');
    const cacheDir = path.join(tmp, 'changed', 'data');
    expect((await loadKnowledge(dir, { cacheDir, logger: quiet })).cache?.source).toBe('built');
    expect((await loadKnowledge(dir, { cacheDir, logger: quiet })).cache?.source).toBe('cache');

    const article = (await readdir(dir)).find((f) => f.endsWith('.md'))!;
    await appendFile(path.join(dir, article), '\nThe zebra parade in Tirana drew a record crowd of walruses.\n');
    const after = await loadKnowledge(dir, { cacheDir, logger: quiet });
    expect(after.cache).toMatchObject({ source: 'built' });
    expect(after.cache?.source === 'built' && after.cache.reason).toMatch(/^stale/);
    const top = after.engine.ask('zebra parade walruses').answers[0];
    expect(top?.text).toContain('zebra parade');
  });

  it('is invalidated when the lexicon changes', async () => {
    const dir = await knowledgeCopy('lexicon');
    const cacheDir = path.join(tmp, 'lexicon', 'data');
    await loadKnowledge(dir, { cacheDir, logger: quiet });
    await appendFile(path.join(dir, 'lexicon.yaml'), '  - [walrus, sea cow]\n');
    expect((await loadKnowledge(dir, { cacheDir, logger: quiet })).cache).toMatchObject({ source: 'built' });
  });

  it('refuses a cache written for other knowledge even when the key matches', async () => {
    const kb = await loadKnowledgeBase('knowledge');
    const cacheDir = path.join(tmp, 'other');
    await loadKnowledge('knowledge', { cacheDir, logger: quiet });
    const file = path.join(cacheDir, INDEX_CACHE_FILE);
    const key = indexCacheKey(kb, await readFile('knowledge/lexicon.yaml'));
    await expect(readIndexCache(file, key, kb)).resolves.toBeInstanceOf(SentenceIndex);
    const fewer = { ...kb, sentences: kb.sentences.slice(1) };
    await expect(readIndexCache(file, key, fewer)).rejects.toThrow(CacheMiss);
    await expect(readIndexCache(file, 'another key', kb)).rejects.toThrow(/stale/);
  });

  it('works without a cache when the cache directory cannot be written', async () => {
    const blocker = path.join(tmp, 'a-file');
    await writeFile(blocker, 'not a directory');
    const warnings: unknown[] = [];
    const logger = { ...quiet, warn: (obj: object) => void warnings.push(obj) };
    const { engine, cache } = await loadKnowledge('knowledge', { cacheDir: path.join(blocker, 'data'), logger });
    expect(cache).toMatchObject({ source: 'built', saved: false });
    expect(warnings).toHaveLength(1);
    expect(engine.ask(questions[0]!.question).abstained).toBe(false);
  });

  describe('reading saved index bytes', () => {
    it('rejects term ids that point past the terms', async () => {
      const kb = await loadKnowledgeBase('knowledge');
      const bytes = SentenceIndex.build(kb).toBinary();
      const meta = JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as { terms: string[]; surfaces: string[]; columns: Array<[string, number]> };
      // tokenIds follows surfaceTerms and tokenStart, each 4 bytes an entry, after the aligned header.
      const sizes = new Map(meta.columns);
      const tokenIds = Math.ceil((4 + bytes.readUInt32LE(0)) / 4) * 4 + 4 * (sizes.get('surfaceTerms')! + sizes.get('tokenStart')!);
      bytes.writeInt32LE(meta.terms.length + 5, tokenIds);
      expect(() => SentenceIndex.fromBinary(bytes, kb)).toThrow(/term \d+, beyond/);
    });

    it('rejects an index built from other sentences, or cut short', async () => {
      const kb = await loadKnowledgeBase('knowledge');
      const bytes = SentenceIndex.build(kb).toBinary();
      const edited = { ...kb, sentences: kb.sentences.map((s, i) => (i === 3 ? { ...s, text: `${s.text} More.` } : s)) };
      expect(() => SentenceIndex.fromBinary(bytes, edited)).toThrow(/other knowledge/);
      expect(() => SentenceIndex.fromBinary(bytes, { ...kb, sentences: kb.sentences.slice(1) })).toThrow(/sentences/);
      expect(() => SentenceIndex.fromBinary(bytes.subarray(0, bytes.length - 3), kb)).toThrow(/truncated/);
      expect(() => SentenceIndex.fromBinary(Buffer.concat([bytes, Buffer.alloc(4)]), kb)).toThrow(/after its last column/);
    });
  });
});
