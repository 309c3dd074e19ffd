import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import { loadKnowledgeBase } from '../src/knowledge/load.ts';
import type { KnowledgeBase } from '../src/knowledge/types.ts';
import { indexCacheFile, indexCacheKey, loadOrBuildIndex, writeIndexCache } from '../src/search/cache.ts';
import { AnswerEngine } from '../src/search/engine.ts';
import { LEXICON_FILE, parseLexicon } from '../src/search/lexicon.ts';
import { SentenceIndex } from '../src/search/sentence-index.ts';
import { loadBundled, loadSotu, subset } from './corpus.ts';
import { ProgressBar } from './progress.ts';
import { questionMix } from './question-mix.ts';
import { devQuestions, SOTU_QUESTIONS, typingPrefix, WARMUP_QUESTIONS } from './questions.ts';
import { percentile, round, spreadOrder } from './stats.ts';

/**
 * One engine on one corpus, in a process of its own so that its memory is its own.
 * Started by `run.ts` with a JSON job as its only argument; prints one `RESULT {…}`
 * line on stdout. Progress goes to stderr.
 */

export type EngineName = 'factdesk' | 'minisearch-fuzzy' | 'fuse-naive';

export interface Job {
  engine: EngineName;
  /** `archive` is a folder of knowledge files (the news archive), parsed as the bot does. */
  corpus: 'bundled' | 'sotu' | 'archive';
  /** Sentences to take from the SOTU corpus; 0 for all of it. */
  size: number;
  /** The archive's folder, for `archive`. */
  dir?: string;
  /** factdesk builds and saves its index in `build`, and is measured loading it in `serve`. */
  phase: 'build' | 'serve' | 'all';
  cacheDir: string;
  /** Time allowed for each timed pass over the questions. */
  budgetMs: number;
  /** A size is skipped when one question takes longer than this. */
  skipOverMs: number;
}

export interface Result {
  engine: EngineName;
  corpus: Job['corpus'];
  phase: Job['phase'];
  sentences: number;
  /** Reading and parsing the knowledge files (archive corpora only; the others are built in memory). */
  parse_ms?: number;
  build_ms?: number;
  save_ms?: number;
  /** Loading the saved index and warming up, after parsing. */
  load_ms?: number;
  /** Start to ready: parse_ms + load_ms. */
  start_ms?: number;
  /** The first question after loading (factdesk's own warm-up has run; the benchmark's warm-up questions have not). */
  first_ms?: number;
  /** Start to the first answer: start_ms + first_ms. */
  first_answer_ms?: number;
  /** Wall time per question. */
  p50_ms?: number;
  p99_ms?: number;
  mean_ms?: number;
  /** CPU time of the process (user + system) per question. */
  p50_cpu_ms?: number;
  p99_cpu_ms?: number;
  autocomplete_p50_ms?: number;
  autocomplete_p99_ms?: number;
  autocomplete_p99_cpu_ms?: number;
  measured?: number;
  questions?: number;
  autocomplete_measured?: number;
  abstained?: number;
  /** Peak resident memory of this process. */
  rss_mb: number;
  skipped?: string;
  /** Proposal engine only: answers identical to the shipping ranking, out of how many. */
  agreement?: { same: number; total: number };
  scored_per_question?: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MINISEARCH_OPTIONS: MiniSearchOptions<{ id: number; text: string }> = { fields: ['text'], storeFields: [] };
const MINISEARCH_SEARCH = { fuzzy: 0.2, prefix: true };

const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);
const now = () => performance.now();

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The corpus, and how long reading its files took (archive only). */
async function corpusFor(job: Job): Promise<{ kb: KnowledgeBase; parseMs?: number }> {
  if (job.corpus === 'bundled') return { kb: await loadBundled() };
  if (job.corpus === 'archive') {
    const t = now();
    const kb = await loadKnowledgeBase(job.dir!);
    return { kb, parseMs: round(now() - t, 1) };
  }
  const kb = loadSotu();
  return { kb: job.size > 0 ? subset(kb, job.size) : kb };
}

/** The off-topic SOTU questions are in the mix's own off-topic kind. */
const SOTU_WRITTEN = SOTU_QUESTIONS.slice(0, -5);

function questionsFor(job: Job, kb: KnowledgeBase): string[] {
  return spreadOrder(questionMix(kb, job.corpus === 'bundled' ? devQuestions() : SOTU_WRITTEN).map((q) => q.text));
}

interface Pass {
  wall: number[];
  cpu: number[];
}

/**
 * Times `ask` on each question once, in order, until the budget is spent: wall time,
 * and the process's CPU time, which a loaded machine inflates far less than wall time.
 */
function timedPass(ask: (q: string) => unknown, questions: readonly string[], budgetMs: number): Pass {
  const pass: Pass = { wall: [], cpu: [] };
  const started = now();
  for (const q of questions) {
    if (pass.wall.length > 0 && now() - started > budgetMs) break;
    const c = cpuMs();
    const t = now();
    ask(q);
    pass.wall.push(now() - t);
    pass.cpu.push(cpuMs() - c);
  }
  return pass;
}

async function lexiconBytes(): Promise<Buffer> {
  return readFile(path.join(ROOT, 'knowledge', LEXICON_FILE));
}

async function runFactdesk(job: Job, kb: KnowledgeBase, parseMs: number | undefined): Promise<Result> {
  const bytes = await lexiconBytes();
  const lexicon = parseLexicon(LEXICON_FILE, bytes.toString('utf8'));
  const base: Result = { engine: job.engine, corpus: job.corpus, phase: job.phase, sentences: kb.sentences.length, parse_ms: parseMs, rss_mb: 0 };
  if (job.phase === 'build') {
    const bar = kb.sentences.length >= 5000 ? new ProgressBar(`  indexing ${kb.sentences.length.toLocaleString('en-US')} sentences`) : undefined;
    const t = now();
    const index = SentenceIndex.build(kb, bar && ((d, n) => bar.update(d, n)));
    new AnswerEngine(index, { lexicon });
    const build = now() - t;
    const s = now();
    await writeIndexCache(indexCacheFile(job.cacheDir), indexCacheKey(kb, bytes), index);
    return { ...base, build_ms: round(build, 1), save_ms: round(now() - s, 1), rss_mb: peakRssMb() };
  }

  const t = now();
  const { index, cache } = await loadOrBuildIndex(kb, { dir: job.cacheDir, lexicon: bytes });
  if (cache.source !== 'cache') throw new Error(`expected a cache hit, got a rebuild (${cache.reason})`);
  const engine = new AnswerEngine(index, { lexicon });
  // As the bot and the console do after loading (so the warm-up counts in the load time).
  engine.warmUp();
  const load = now() - t;

  return { ...base, load_ms: round(load, 1), ...serving(job, kb, load + (parseMs ?? 0), (q) => engine.ask(q).abstained), rss_mb: peakRssMb() };
}

/**
 * What every engine is measured on once loaded: the first question, warm-up, one timed
 * pass over the questions and one over typing prefixes. `ask` says whether it abstained.
 */
function serving(job: Job, kb: KnowledgeBase, startMs: number, ask: (question: string) => boolean) {
  const questions = questionsFor(job, kb);
  const f = now();
  ask(WARMUP_QUESTIONS[0]!);
  const first = now() - f;
  for (const q of WARMUP_QUESTIONS.slice(1)) ask(q);
  let abstained = 0;
  const times = timedPass((q) => (abstained += ask(q) ? 1 : 0), questions, job.budgetMs);
  const typing = timedPass(
    ask,
    questions.map((q) => typingPrefix(q)),
    job.budgetMs,
  );
  return {
    start_ms: round(startMs, 1),
    first_ms: round(first, 1),
    first_answer_ms: round(startMs + first, 1),
    ...summary(times, questions.length),
    abstained,
    autocomplete_p50_ms: round(percentile(typing.wall, 0.5)),
    autocomplete_p99_ms: round(percentile(typing.wall, 0.99)),
    autocomplete_p99_cpu_ms: round(percentile(typing.cpu, 0.99)),
    autocomplete_measured: typing.wall.length,
  };
}

function summary(pass: Pass, total: number) {
  return {
    p50_ms: round(percentile(pass.wall, 0.5)),
    p99_ms: round(percentile(pass.wall, 0.99)),
    mean_ms: round(pass.wall.reduce((a, b) => a + b, 0) / Math.max(1, pass.wall.length)),
    p50_cpu_ms: round(percentile(pass.cpu, 0.5)),
    p99_cpu_ms: round(percentile(pass.cpu, 0.99)),
    measured: pass.wall.length,
    questions: total,
  };
}

async function runMiniSearch(job: Job, kb: KnowledgeBase, parseMs: number | undefined): Promise<Result> {
  const docs = kb.sentences.map((s, id) => ({ id, text: s.text }));
  const t = now();
  const built = new MiniSearch(MINISEARCH_OPTIONS);
  built.addAll(docs);
  const build = now() - t;
  const json = JSON.stringify(built);
  const l = now();
  const search = MiniSearch.loadJSON(json, MINISEARCH_OPTIONS);
  const load = now() - l;
  const ask = (q: string) => search.search(q, MINISEARCH_SEARCH).slice(0, 5).length === 0;
  return {
    engine: job.engine,
    corpus: job.corpus,
    phase: job.phase,
    sentences: kb.sentences.length,
    parse_ms: parseMs,
    build_ms: round(build, 1),
    load_ms: round(load, 1),
    ...serving(job, kb, load + (parseMs ?? 0), ask),
    rss_mb: peakRssMb(),
  };
}

async function runFuse(job: Job, kb: KnowledgeBase, parseMs: number | undefined): Promise<Result> {
  const texts = kb.sentences.map((s) => s.text);
  const t = now();
  const built = new Fuse(texts);
  const build = now() - t;
  const serialized = JSON.stringify(built.getIndex().toJSON());
  const l = now();
  const fuse = new Fuse(texts, {}, Fuse.parseIndex<string>(JSON.parse(serialized)));
  const load = now() - l;
  const ask = (q: string) => fuse.search(q, { limit: 5 }).map((r) => r.item);
  const startMs = load + (parseMs ?? 0);
  const base: Result = {
    engine: job.engine,
    corpus: job.corpus,
    phase: job.phase,
    sentences: texts.length,
    parse_ms: parseMs,
    build_ms: round(build, 1),
    load_ms: round(load, 1),
    start_ms: round(startMs, 1),
    rss_mb: 0,
  };
  // One question first: a size where it takes too long is skipped rather than waited out.
  const f = now();
  ask(WARMUP_QUESTIONS[0]!);
  const first = now() - f;
  if (first > job.skipOverMs) {
    return { ...base, first_ms: round(first, 1), rss_mb: peakRssMb(), skipped: `one question took ${(first / 1000).toFixed(1)} s (over ${(job.skipOverMs / 1000).toFixed(0)} s)` };
  }
  ask(WARMUP_QUESTIONS[1]!);
  const questions = questionsFor(job, kb);
  let abstained = 0;
  const times = timedPass((q) => (abstained += ask(q).length === 0 ? 1 : 0), questions, job.budgetMs);
  return { ...base, first_ms: round(first, 1), first_answer_ms: round(startMs + first, 1), ...summary(times, questions.length), abstained, rss_mb: peakRssMb() };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  const { kb, parseMs } = await corpusFor(job);
  let result: Result;
  if (job.engine === 'factdesk') result = await runFactdesk(job, kb, parseMs);
  else if (job.engine === 'minisearch-fuzzy') result = await runMiniSearch(job, kb, parseMs);
  else result = await runFuse(job, kb, parseMs);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
