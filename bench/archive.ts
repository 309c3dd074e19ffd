import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCopiedMarkup } from '../src/knowledge/lint.ts';
import type { KnowledgeBase } from '../src/knowledge/types.ts';
import { BENCH_CACHE_DIR } from './corpus.ts';
import { lexTopic, loadWordnet, wordnetVersion, type Pointer, type Synset } from './wordnet.ts';

/**
 * The benchmark's news-archive corpora (~250k and ~1M sentences), written as knowledge
 * files so that a run measures what the bot does: parse thousands of Markdown articles,
 * then build or load the index.
 *
 * Text comes from packages already installed, in this order, each sentence once:
 * 1. the State of the Union addresses (about 63k sentences), cut into articles of 50;
 * 2. WordNet's glosses: each synset's definitions and its example sentences (about
 *    180k), as glossary articles grouped by WordNet topic (animals, artifacts, …);
 * 3. only past those, sentences stated from WordNet's relations between synsets
 *    ("Poodle is a kind of dog.", "Hot is the opposite of cold.", "Like every dog,
 *    poodle is a kind of canine."): real words and real facts in fixed phrasings,
 *    since the installed packages hold no more prose.
 * The ~250k corpus is sources 1–2 with a few thousand of 3; the ~1M one is mostly 3.
 * Nothing is a copy: a paragraph or sentence already written is skipped.
 */

/** Sentences per article and per paragraph: a news story of a few hundred words. */
const SENTENCES_PER_ARTICLE = 50;
const SENTENCES_PER_PARAGRAPH = 5;
/** Articles are dated one a day back from this date, so dates are fixed and plausible. */
const FIRST_DATE = Date.UTC(2025, 11, 31);

export interface ArchiveArticle {
  /** Subfolder of the archive: sotu, glossary or relations. */
  folder: string;
  id: string;
  title: string;
  publisher: string;
  paragraphs: string[];
}

export interface ArchiveSources {
  sotu: KnowledgeBase;
  wordnet: Synset[];
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const sentenceOf = (s: string) => {
  const t = cap(s.trim().replace(/\s+/g, ' '));
  return /[.!?]["')\]]?$/.test(t) ? t : `${t}.`;
};

/** Groups a stream of sentences into articles of fixed size, paragraphs of fixed size. */
class ArticleWriter {
  readonly articles: ArchiveArticle[] = [];
  private paragraphs: string[] = [];
  private paragraph: string[] = [];
  private count = 0;
  private group = '';
  private part = 0;

  constructor(
    private readonly folder: string,
    private readonly idPrefix: string,
    private readonly publisher: string,
    private readonly titleOf: (group: string, part: number) => string,
  ) {}

  /** Starts a new article at a new group (an address, a topic) even if the last is short. */
  startGroup(group: string): void {
    if (group === this.group) return;
    this.flush();
    this.group = group;
    this.part = 0;
  }

  add(sentence: string): number {
    this.paragraph.push(sentence);
    this.count++;
    if (this.paragraph.length >= SENTENCES_PER_PARAGRAPH) this.endParagraph();
    if (this.count >= SENTENCES_PER_ARTICLE) this.flush();
    return 1;
  }

  /** Ends the paragraph early, e.g. after one glossary entry. */
  endParagraph(): void {
    if (this.paragraph.length) this.paragraphs.push(this.paragraph.join(' '));
    this.paragraph = [];
  }

  flush(): void {
    this.endParagraph();
    if (this.paragraphs.length) {
      this.part++;
      const n = this.articles.length + 1;
      this.articles.push({
        folder: this.folder,
        id: `${this.idPrefix}-${String(n).padStart(5, '0')}`,
        title: this.titleOf(this.group, this.part),
        publisher: this.publisher,
        paragraphs: this.paragraphs,
      });
    }
    this.paragraphs = [];
    this.count = 0;
  }
}

/** Phrasings of WordNet's pointers, from the source lemma `a` to the target lemma `b`. */
function relationSentence(symbol: string, pos: string, a: string, b: string): string | undefined {
  const verb = pos === 'verb';
  switch (symbol) {
    case '@':
      return verb ? `To ${a} is one way to ${b}.` : `${cap(a)} is a kind of ${b}.`;
    case '~':
      return verb ? `One way to ${a} is to ${b}.` : `One kind of ${a} is ${b}.`;
    case '@i':
      return `${cap(a)} is an instance of ${b}.`;
    case '~i':
      return `${cap(b)} is one example of ${a}.`;
    case '#m':
      return `${cap(a)} is a member of ${b}.`;
    case '%m':
      return `${cap(a)} has ${b} among its members.`;
    case '#s':
      return `${cap(a)} is a substance of ${b}.`;
    case '%s':
      return `${cap(a)} contains ${b}.`;
    case '#p':
      return `${cap(a)} is a part of ${b}.`;
    case '%p':
      return `${cap(a)} has ${b} as one of its parts.`;
    case '!':
      return `${cap(a)} is the opposite of ${b}.`;
    case '+':
      return `The words ${a} and ${b} are related in form and meaning.`;
    case '&':
      return `${cap(a)} is similar in meaning to ${b}.`;
    case '^':
      return `For more on ${a}, see also ${b}.`;
    case '=':
      return `${cap(a)} is an attribute related to ${b}.`;
    case '*':
      return `To ${a} entails to ${b}.`;
    case '>':
      return `To ${a} causes something to ${b}.`;
    case '$':
      return `To ${a} is close in meaning to ${b}.`;
    case '<':
      return `${cap(a)} is the participle of ${b}.`;
    case '\\':
      return `${cap(a)} pertains to ${b}.`;
    case ';c':
      return `${cap(a)} is a term of ${b}.`;
    case '-c':
      return `${cap(b)} is a term of ${a}.`;
    case ';r':
      return `${cap(a)} is used in ${b}.`;
    case '-r':
      return `${cap(b)} is used in ${a}.`;
    case ';u':
      return `${cap(a)} is an instance of ${b} usage.`;
    case '-u':
      return `${cap(b)} is an instance of ${a} usage.`;
    default:
      return undefined;
  }
}

/** The first hypernym of `s`, its first hypernym, and so on: up to `depth` synsets. */
function hypernymChain(s: Synset, byKey: Map<string, Synset>, depth: number): Synset[] {
  const out: Synset[] = [];
  for (let at: Synset | undefined = s; out.length < depth;) {
    const up: Pointer | undefined = at.pointers.find((p) => p.symbol === '@' || p.symbol === '@i');
    at = up && byKey.get(up.target);
    if (!at || out.includes(at)) break;
    out.push(at);
  }
  return out;
}

/**
 * The archive's articles, in source order, until at least `target` sentences (counted
 * as written; the loader's own segmentation decides the final count, within a percent).
 */
export function archiveArticles(target: number, sources: ArchiveSources): ArchiveArticle[] {
  const seen = new Set<string>();
  let total = 0;
  // A sentence is written once in the whole archive; markup the loader refuses is left out.
  const fresh = (text: string) => {
    if (total >= target || text.length < 3 || seen.has(text) || findCopiedMarkup(text, 1, 1).length) return false;
    seen.add(text);
    return true;
  };

  const sotu = new ArticleWriter('sotu', 'sotu', 'State of the Union archive', (g, p) => `${g}, part ${p}`);
  for (const doc of sources.sotu.documents) {
    if (total >= target) break;
    sotu.startGroup(doc.meta.title);
    for (const s of doc.sentences) if (fresh(s.text)) total += sotu.add(s.text);
  }
  sotu.flush();

  const byKey = new Map(sources.wordnet.map((s) => [s.key, s]));
  const gloss = new ArticleWriter('glossary', 'gloss', 'WordNet glossary desk', (g, p) => `Glossary of ${g}, part ${p}`);
  for (const s of sources.wordnet) {
    if (total >= target) break;
    gloss.startGroup(lexTopic(s.lexFile));
    const head = s.definitions.length ? `${s.lemmas.join(', ')}: ${s.definitions.join('; ')}` : '';
    if (head && fresh(sentenceOf(head))) total += gloss.add(sentenceOf(head));
    for (const e of s.examples) if (fresh(sentenceOf(e))) total += gloss.add(sentenceOf(e));
    gloss.endParagraph();
  }
  gloss.flush();

  const rel = new ArticleWriter('relations', 'rel', 'WordNet relations desk', (g, p) => `How ${g} relate, part ${p}`);
  for (const s of sources.wordnet) {
    if (total >= target) break;
    rel.startGroup(lexTopic(s.lexFile));
    for (const p of s.pointers) {
      const t = byKey.get(p.target);
      if (!t) continue;
      // A pointer between whole synsets holds for each of the source's lemmas (up to three).
      const pairs: Array<[string, string]> = p.sourceWord
        ? [[s.lemmas[p.sourceWord - 1] ?? s.lemmas[0]!, t.lemmas[p.targetWord - 1] ?? t.lemmas[0]!]]
        : s.lemmas.slice(0, 3).map((a) => [a, t.lemmas[0]!]);
      for (const [a, b] of pairs) {
        const text = a !== b ? relationSentence(p.symbol, s.pos, a, b) : undefined;
        if (text && fresh(text)) total += rel.add(text);
      }
    }
    for (const other of s.lemmas.slice(1)) {
      const text = `${cap(other)} is another word for ${s.lemmas[0]}.`;
      if (other !== s.lemmas[0] && fresh(text)) total += rel.add(text);
    }
    // What the hierarchy implies: a poodle is a dog, so it is a canine and a carnivore too.
    const chain = s.pos === 'noun' ? hypernymChain(s, byKey, 5) : [];
    for (let k = 2; k < chain.length; k++) {
      const text = `Like every ${chain[0]!.lemmas[0]}, ${s.lemmas[0]} is a kind of ${chain[k - 1]!.lemmas[0]}.`;
      if (fresh(text)) total += rel.add(text);
    }
  }
  rel.flush();
  return [...sotu.articles, ...gloss.articles, ...rel.articles];
}

/** One article as a knowledge file: front matter, headline, paragraphs. */
export function articleFile(a: ArchiveArticle, index: number): string {
  const published = new Date(FIRST_DATE - index * 86_400_000).toISOString().slice(0, 10);
  const title = a.title.length > 290 ? `${a.title.slice(0, 289)}…` : a.title;
  return [
    '---',
    `id: ${a.id}`,
    `title: ${JSON.stringify(title)}`,
    `published: ${published}`,
    `publisher: ${JSON.stringify(a.publisher)}`,
    'language: en',
    '---',
    '',
    `# ${title}`,
    '',
    ...a.paragraphs.flatMap((p) => [p, '']),
    '',
  ].join('\n');
}

/** Writes the articles into `dir` (replacing it), one file each, in their source folders. */
export function writeArchive(dir: string, articles: ArchiveArticle[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const folder of new Set(articles.map((a) => a.folder))) mkdirSync(path.join(dir, folder), { recursive: true });
  articles.forEach((a, i) => writeFileSync(path.join(dir, a.folder, `${a.id}.md`), articleFile(a, i)));
}

/** The archive's folder is keyed by the sources' versions and this builder's code. */
function archiveKey(sotuFingerprint: string): string {
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha256').update(wordnetVersion()).update('\0').update(sotuFingerprint);
  for (const f of [here, path.join(path.dirname(here), 'wordnet.ts')]) hash.update('\0').update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The folder of the archive of about `target` sentences, written on first use and kept
 * (under the tools' cache folder, never committed). A marker written last says the
 * folder is complete, so an interrupted write is redone.
 */
export function ensureArchive(target: number, sotu: KnowledgeBase, log?: (line: string) => void): string {
  const name = `archive-${archiveKey(sotu.fingerprint)}-${target}`;
  const dir = path.join(BENCH_CACHE_DIR, name);
  const done = `${dir}.complete`;
  if (existsSync(done)) return dir;
  const started = performance.now();
  log?.(`Writing the ${target.toLocaleString('en-US')}-sentence news archive (once; kept afterwards)…`);
  const articles = archiveArticles(target, { sotu, wordnet: loadWordnet() });
  const tmp = `${dir}.${process.pid}.tmp`;
  writeArchive(tmp, articles);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeFileSync(done, `${articles.length}\n`);
  log?.(`Wrote ${articles.length.toLocaleString('en-US')} articles in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return dir;
}
