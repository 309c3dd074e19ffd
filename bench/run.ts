import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { aggregate, outgrown, runFigures, type Row, type RunFigures } from './aggregate.ts';
import { ensureArchive } from './archive.ts';
import type { EngineName, Job, Result } from './child.ts';
import { loadBundled, loadSotu } from './corpus.ts';
import { ProgressBar } from './progress.ts';
import { jsonReport, textReport } from './report.ts';

/**
 * `npm run bench [-- --json] [--sizes 1k,10k,full,250k,1m] [--repeat 3] [--budget SECONDS]`
 *
 * Speed of the answer engine against its peers, in one run: the bundled knowledge; the
 * State of the Union corpus at 1k, 10k and all of its sentences; and, when asked for,
 * the news archive of ~250k or ~1M sentences (`archive.ts`: knowledge files written
 * once from installed packages). Engines: `factdesk`, `minisearch-fuzzy` (MiniSearch 7,
 * fuzzy 0.2, prefix) and `fuse-naive` (Fuse.js defaults over every sentence).
 *
 * Each engine runs `--repeat` times on each corpus, every run in a child process of its
 * own (factdesk builds and saves its index in one and starts from it in another), and
 * the report gives the median of each figure and its spread. A peer that could time
 * fewer than a quarter of the questions within the budget at one size is not run at
 * larger ones, and the table says why.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALL_ENGINES: EngineName[] = ['factdesk', 'minisearch-fuzzy', 'fuse-naive'];
const DEFAULT_SIZES = '1k,10k,full';

export interface Options {
  json: boolean;
  /** SOTU sizes (0 = all of it) and archive sizes (larger than the SOTU corpus). */
  sizes: number[];
  budgetMs: number;
  repeat: number;
  engines: EngineName[];
  /** Also write the JSON report to this file (so one long run gives both forms). */
  save?: string;
}

/** "1k" → 1000, "1m" → 1000000, "full" → 0, "200" → 200. */
export function parseSize(token: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(token.trim());
  if (token.trim() === 'full') return 0;
  if (!m) throw new Error(`--sizes takes sizes such as 1k, 10k, full, 250k, 1m or whole numbers (got "${token}")`);
  const n = Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1000 : m[2]!.toLowerCase() === 'm' ? 1_000_000 : 1);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--sizes: "${token}" is not a whole number of sentences`);
  return n;
}

export function parseArgs(argv: string[]): Options {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      sizes: { type: 'string' },
      budget: { type: 'string' },
      repeat: { type: 'string' },
      engines: { type: 'string' },
      save: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      `Usage: npm run bench -- [--json] [--sizes ${DEFAULT_SIZES},250k,1m] [--repeat 3] [--budget SECONDS] [--engines ${ALL_ENGINES.join(',')}] [--save FILE.json]\n`,
    );
    process.exit(0);
  }
  const options: Options = {
    json: values.json ?? false,
    sizes: (values.sizes ?? DEFAULT_SIZES).split(',').map(parseSize),
    budgetMs: values.budget ? Number(values.budget) * 1000 : 30_000,
    repeat: values.repeat ? Number(values.repeat) : 3,
    engines: values.engines ? (values.engines.split(',') as EngineName[]) : ALL_ENGINES,
    save: values.save,
  };
  if (!(options.budgetMs > 0)) throw new Error('--budget takes a number of seconds');
  if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat takes a whole number of runs');
  for (const e of options.engines) if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine ${e} (known: ${ALL_ENGINES.join(', ')})`);
  return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one job in a child process and returns what it printed. */
function runChild(job: Job, timeoutMs: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(HERE, 'child.ts'), JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as Result);
      else reject(new Error(`${job.engine} (${job.phase}) failed (${signal ? `killed by ${signal}` : `exit ${code}`})`));
    });
  });
}

interface CorpusPlan {
  corpus: Job['corpus'];
  size: number;
  label: string;
  dir?: string;
}

const short = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}m` : n >= 1000 ? `${n / 1000}k` : String(n));

/** Runs every engine `repeat` times on one corpus; one aggregated row per engine. */
async function measureCorpus(c: CorpusPlan, options: Options, cacheRoot: string, giveUp: Map<EngineName, string>, failures: string[]): Promise<Row[]> {
  const runs = new Map<EngineName, RunFigures[]>(options.engines.map((e) => [e, []]));
  for (let rep = 1; rep <= options.repeat; rep++) {
    for (const engine of options.engines) {
      if (giveUp.has(engine)) continue;
      const cacheDir = path.join(cacheRoot, `${c.label.replace(/\W+/g, '-')}-${rep}`);
      const job = (phase: Job['phase']): Job => ({ engine, corpus: c.corpus, size: c.size, dir: c.dir, phase, cacheDir, budgetMs: options.budgetMs, skipOverMs: 2000 });
      log(`▸ ${c.label} ${engine}, run ${rep} of ${options.repeat}`);
      try {
        const build = engine === 'factdesk' ? await runChild(job('build'), 20 * 60_000) : undefined;
        const serve = await runChild(job(engine === 'factdesk' ? 'serve' : 'all'), 20 * 60_000);
        runs.get(engine)!.push(runFigures(serve, build));
        if (serve.skipped) {
          log(`  skipped: ${serve.skipped}`);
          break;
        }
      } catch (error) {
        failures.push(`${c.label}: ${(error as Error).message}`);
        log(`  ${(error as Error).message}`);
      }
    }
  }
  const rows: Row[] = [];
  for (const engine of options.engines) {
    const row = aggregate(c.label, engine, runs.get(engine)!, giveUp.get(engine));
    rows.push(row);
    if (engine === 'factdesk' || giveUp.has(engine)) continue;
    const verdict = outgrown(row, options.budgetMs);
    if (verdict) giveUp.set(engine, verdict);
  }
  return rows;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAverage = os.loadavg();
  let bar: ProgressBar | undefined;
  const sotu = loadSotu({ log, onProgress: (d, n) => (bar ??= new ProgressBar('  segmenting addresses')).update(d, n) });
  const bundled = await loadBundled();
  log(
    `Corpora: bundled knowledge (${bundled.sentences.length} sentences), State of the Union (${sotu.documents.length} addresses, ${sotu.sentences.length.toLocaleString('en-US')} sentences).`,
  );

  const plans: CorpusPlan[] = [{ corpus: 'bundled', size: 0, label: 'bundled' }];
  for (const size of options.sizes) {
    if (size === 0 || size >= sotu.sentences.length) {
      if (size > sotu.sentences.length) plans.push({ corpus: 'archive', size, label: `archive ${short(size)}`, dir: ensureArchive(size, sotu, log) });
      else plans.push({ corpus: 'sotu', size: 0, label: 'sotu full' });
    } else plans.push({ corpus: 'sotu', size, label: `sotu ${short(size)}` });
  }

  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'factdesk-bench-'));
  const rows: Row[] = [];
  const failures: string[] = [];
  const giveUp = new Map<EngineName, string>();
  try {
    for (const c of plans) rows.push(...(await measureCorpus(c, options, cacheRoot, giveUp, failures)));
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
  const info = {
    repeat: options.repeat,
    budgetMs: options.budgetMs,
    cpus: os.cpus().length,
    node: process.version,
    loadAverage,
    seconds: (performance.now() - started) / 1000,
    failures,
  };
  log(`Done in ${info.seconds.toFixed(0)} s.`);
  if (options.save) await writeFile(options.save, jsonReport(rows, info));
  process.stdout.write(options.json ? jsonReport(rows, info) : textReport(rows, info));
  if (failures.length) process.exitCode = 1;
}

// Run only as a script, so tests can import the argument parsing.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
