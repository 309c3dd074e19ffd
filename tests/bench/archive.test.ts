import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveArticles, writeArchive, type ArchiveSources } from '../../bench/archive.ts';
import { loadWordnet, parseDataLine } from '../../bench/wordnet.ts';
import { assembleKnowledgeBase, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { segment } from '../../src/knowledge/segment.ts';
import type { KnowledgeDocument } from '../../src/knowledge/types.ts';

// A small stand-in for the SOTU corpus: two addresses, one sentence said in both.
const address = (id: string, sentences: string[]): KnowledgeDocument => {
  const body = sentences.join(' ');
  return { meta: { id, title: `Address ${id}` }, file: id, body, sentences: segment(id, body) };
};
const speeches = Array.from({ length: 120 }, (_, k) => `The ${k + 1}th point of the message concerns the treasury and the navy.`);
const sotu = assembleKnowledgeBase([address('a1', [...speeches.slice(0, 70), 'I thank you.']), address('a2', ['I thank you.', ...speeches.slice(70)])], 'test');

let sources: ArchiveSources;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'archive-test-'));
  dirs.push(d);
  return d;
};

beforeAll(() => {
  sources = { sotu, wordnet: loadWordnet() };
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const texts = (target: number) => archiveArticles(target, sources).flatMap((a) => a.paragraphs);

describe('news archive corpus', () => {
  it('writes the same files, byte for byte, every time', () => {
    const [a, b] = [tempDir(), tempDir()];
    writeArchive(a, archiveArticles(3000, sources));
    writeArchive(b, archiveArticles(3000, sources));
    const list = (d: string) => readdirSync(d, { recursive: true }).map(String).sort();
    expect(list(a)).toEqual(list(b));
    expect(list(a).length).toBeGreaterThan(30);
    for (const f of list(a).filter((f) => f.endsWith('.md'))) expect(readFileSync(path.join(a, f), 'utf8'), f).toBe(readFileSync(path.join(b, f), 'utf8'));
  });

  it('holds each sentence once, in articles the loader accepts, of about the asked size', async () => {
    const dir = tempDir();
    const articles = archiveArticles(6000, sources);
    writeArchive(dir, articles);
    const kb = await loadKnowledgeBase(dir);
    expect(kb.documents).toHaveLength(articles.length);
    const body = kb.sentences.filter((s) => s.kind === 'body');
    expect(body.length).toBeGreaterThanOrEqual(5900);
    expect(body.length).toBeLessThanOrEqual(6600);
    expect(new Set(body.map((s) => s.text)).size).toBe(body.length);
    expect(new Set(kb.documents.map((d) => d.meta.title)).size).toBe(kb.documents.length);
    for (const d of kb.documents) {
      expect(d.meta.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.sentences.length).toBeLessThanOrEqual(52);
    }
    // The address sentence said twice is written once.
    expect(body.filter((s) => s.text === 'I thank you.')).toHaveLength(1);
  });

  it('takes the addresses first, then the glossary, then relations', () => {
    const articles = archiveArticles(9000, sources);
    const folders = articles.map((a) => a.folder);
    expect([...new Set(folders)]).toEqual(['sotu', 'glossary']);
    expect(folders.lastIndexOf('sotu')).toBeLessThan(folders.indexOf('glossary'));
    const all = archiveArticles(200_000, sources).map((a) => a.folder);
    expect(all.filter((f) => f === 'relations').length).toBeGreaterThan(0);
    // A larger archive starts with the smaller one: the archive grows, it is not reshuffled.
    expect(texts(20_000).slice(0, 100)).toEqual(texts(9000).slice(0, 100));
  });

  it('reads WordNet lemmas, definitions, examples and pointers from a data line', () => {
    const line = '02086723 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 002 @ 02085998 n 0000 #m 02086515 n 0000 | a member of the genus Canis; "the dog barked all night"';
    const s = parseDataLine('noun', line)!;
    expect(s.lemmas).toEqual(['dog', 'domestic dog', 'Canis familiaris']);
    expect(s.definitions).toEqual(['a member of the genus Canis']);
    expect(s.examples).toEqual(['the dog barked all night']);
    expect(s.pointers.map((p) => [p.symbol, p.target])).toEqual([
      ['@', 'noun:02085998'],
      ['#m', 'noun:02086515'],
    ]);
    expect(parseDataLine('noun', '  1 This software and database is being provided')).toBeUndefined();
  });
});
