// Part of `npm run build`: copies src/search's TypeScript sources next to their compiled
// files in dist/search. The index cache's key hashes the indexing modules' source text
// (src/search/cache.ts reads them beside itself), so a compiled bot keys its cache on the
// same code as one run from the sources, and a changed indexing module invalidates it.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
cpSync(`${root}src/search`, `${root}dist/search`, { recursive: true, filter: (file) => !/\.(js|map)$/.test(file) });
