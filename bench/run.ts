import { parseArgs as parseCliArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineName, Job, Result } from './child.ts';
import { loadBundled, loadSotu } from './corpus.ts';
import { ProgressBar } from './progress.ts';

/**
 * `npm run bench [-- --json] [--sizes 1000,10000,full] [--budget SECONDS]`
 *
 * Speed of the answer engine against its peers, in one run: the bundled knowledge and
 * the State of the Union corpus at 1k, 10k and all of its sentences; `factdesk`,
 * `minisearch-fuzzy` (MiniSearch 7, fuzzy 0.2, prefix) and `fuse-naive` (Fuse.js
 * defaults, the whole question against every sentence). Each engine runs in a child
 * process of its own, so its memory is measured alone; factdesk builds and saves its
 * index in one process and is measured starting from that saved index in another.
 *
 * Timings: warm-up questions first (not timed), then each benchmark question once;
 * p50/p99 are nearest-rank percentiles of those timings. "typing p99" asks the first
 * 60 % of each question, as autocomplete does while a member types.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALL_ENGINES: EngineName[] = ['factdesk', 'minisearch-fuzzy', 'fuse-naive'];
const TARGETS = { p50: 5, p99: 30, typingP99: 10, speedup: 20, loadMs: 2000, rssMb: 400 };

interface Options {
  json: boolean;
  sizes: number[];
  budgetMs: number;
  engines: EngineName[];
}

function parseArgs(argv: string[]): Options {
  const { values } = parseCliArgs({
    args: argv,
    options: { json: { type: 'boolean' }, sizes: { type: 'string' }, budget: { type: 'string' }, engines: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench -- [--json] [--sizes 1000,10000,full] [--budget SECONDS] [--engines factdesk,minisearch-fuzzy,fuse-naive]\n');
    process.exit(0);
  }
  const options: Options = {
    json: values.json ?? false,
    sizes: values.sizes ? values.sizes.split(',').map((s) => (s === 'full' ? 0 : Number(s))) : [1000, 10000, 0],
    budgetMs: values.budget ? Number(values.budget) * 1000 : 30_000,
    engines: values.engines ? (values.engines.split(',') as EngineName[]) : ALL_ENGINES,
  };
  if (options.sizes.some((s) => !Number.isInteger(s) || s < 0)) throw new Error('--sizes takes whole numbers or "full"');
  if (!(options.budgetMs > 0)) throw new Error('--budget takes a number of seconds');
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
      else reject(new Error(`${job.engine} on ${describeJob(job)} failed (${signal ? `killed by ${signal}` : `exit ${code}`})`));
    });
  });
}

function describeJob(job: Job): string {
  return job.corpus === 'bundled' ? 'the bundled knowledge' : `SOTU ${job.size ? job.size.toLocaleString('en-US') : 'full'}`;
}

interface Row extends Result {
  label: string;
  build_rss_mb?: number;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  let bar: ProgressBar | undefined;
  const sotu = loadSotu({ log, onProgress: (d, n) => (bar ??= new ProgressBar('  segmenting addresses')).update(d, n) });
  const bundled = await loadBundled();
  log(
    `Corpora: bundled knowledge (${bundled.sentences.length} sentences), State of the Union (${sotu.documents.length} addresses, ${sotu.sentences.length.toLocaleString('en-US')} sentences).`,
  );

  const corpora: Array<{ corpus: Job['corpus']; size: number; label: string }> = [{ corpus: 'bundled', size: 0, label: 'bundled' }];
  for (const size of options.sizes) {
    const label = size === 0 || size >= sotu.sentences.length ? 'sotu full' : `sotu ${size >= 1000 ? `${size / 1000}k` : size}`;
    corpora.push({ corpus: 'sotu', size: size >= sotu.sentences.length ? 0 : size, label });
  }

  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'factdesk-bench-'));
  const rows: Row[] = [];
  const failures: string[] = [];
  try {
    const engines: EngineName[] = [...options.engines];
    for (const c of corpora) {
      const cacheDir = path.join(cacheRoot, c.label.replace(/\W+/g, '-'));
      let buildRow: Result | undefined;
      for (const engine of engines) {
        const phases: Job['phase'][] = engine === 'factdesk' ? ['build', 'serve'] : ['all'];
        for (const phase of phases) {
          const job: Job = { engine, corpus: c.corpus, size: c.size, phase, cacheDir, budgetMs: options.budgetMs, skipOverMs: 2000 };
          log(`▸ ${c.label.padEnd(9)} ${engine}${phase === 'all' ? '' : ` (${phase})`}`);
          try {
            const result = await runChild(job, 10 * 60_000);
            if (phase === 'build') {
              buildRow = result;
              continue;
            }
            const row: Row = { ...result, label: c.label };
            if (buildRow && engine.startsWith('factdesk')) {
              row.build_ms = buildRow.build_ms;
              row.build_rss_mb = buildRow.rss_mb;
            }
            rows.push(row);
            if (result.skipped) log(`  skipped: ${result.skipped}`);
          } catch (error) {
            failures.push((error as Error).message);
            log(`  ${(error as Error).message}`);
            if (phase === 'build') break;
          }
        }
      }
    }
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  log(`Done in ${seconds.toFixed(0)} s.`);

  if (options.json) {
    const out = rows
      .filter((r) => !r.skipped)
      .map((r) => ({
        engine: r.engine,
        sentences: r.sentences,
        build_ms: r.build_ms ?? null,
        load_ms: r.load_ms ?? null,
        p50_ms: r.p50_ms ?? null,
        p99_ms: r.p99_ms ?? null,
        rss_mb: r.rss_mb,
      }));
    process.stdout.write(`${JSON.stringify({ rows: out })}\n`);
  } else {
    process.stdout.write(report(rows, options, failures));
  }
  if (failures.length) process.exitCode = 1;
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(digits));

function table(headers: string[], body: string[][], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function report(rows: Row[], options: Options, failures: string[]): string {
  const out: string[] = [];
  out.push(
    table(
      ['corpus', 'engine', 'sentences', 'build ms', 'load ms', 'p50 ms', 'p99 ms', 'typing p99', 'RSS MB', 'questions'],
      rows.map((r) => [
        r.label,
        r.engine,
        r.sentences.toLocaleString('en-US'),
        fmt(r.build_ms, 0),
        fmt(r.load_ms),
        r.skipped ? 'skipped' : fmt(r.p50_ms, 2),
        r.skipped ? '' : fmt(r.p99_ms, 2),
        r.skipped ? '' : fmt(r.autocomplete_p99_ms, 2),
        fmt(r.rss_mb, 0),
        r.skipped ? '' : `${r.measured}/${r.questions}${r.abstained !== undefined ? ` (${r.abstained} abst.)` : ''}`,
      ]),
      2,
    ),
  );

  const byLabel = new Map<string, Row[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  const ratioRows: string[][] = [];
  for (const [label, group] of byLabel) {
    const mine = group.filter((r) => r.engine.startsWith('factdesk') && !r.skipped);
    for (const m of mine) {
      for (const peer of group.filter((r) => !r.engine.startsWith('factdesk'))) {
        const ratio = (a?: number, b?: number) => (a && b && !peer.skipped ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : 'n/a');
        ratioRows.push([label, `${m.engine} vs ${peer.engine}`, ratio(peer.p50_ms, m.p50_ms), ratio(peer.p99_ms, m.p99_ms), peer.skipped ? `peer skipped: ${peer.skipped}` : '']);
      }
    }
  }
  out.push('', 'Speed-up (peer time ÷ factdesk time; above 1× factdesk is faster)', table(['corpus', 'engines', 'p50', 'p99', ''], ratioRows, 2));

  const full = rows.filter((r) => r.label === 'sotu full');
  for (const m of full.filter((r) => r.engine.startsWith('factdesk'))) {
    const mini = full.find((r) => r.engine === 'minisearch-fuzzy');
    const speedup = mini?.p50_ms && m.p50_ms ? mini.p50_ms / m.p50_ms : undefined;
    const check = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'met' : 'MISSED');
    out.push(
      '',
      `Targets at the full corpus (${m.engine}, ${m.sentences.toLocaleString('en-US')} sentences)`,
      table(
        ['target', 'measured', ''],
        [
          [`p50 ≤ ${TARGETS.p50} ms`, `${fmt(m.p50_ms, 2)} ms`, check(m.p50_ms !== undefined ? m.p50_ms <= TARGETS.p50 : undefined)],
          [`p99 ≤ ${TARGETS.p99} ms`, `${fmt(m.p99_ms, 2)} ms`, check(m.p99_ms !== undefined ? m.p99_ms <= TARGETS.p99 : undefined)],
          [
            `typing p99 ≤ ${TARGETS.typingP99} ms`,
            `${fmt(m.autocomplete_p99_ms, 2)} ms`,
            check(m.autocomplete_p99_ms !== undefined ? m.autocomplete_p99_ms <= TARGETS.typingP99 : undefined),
          ],
          [`p50 ≥ ${TARGETS.speedup}× minisearch-fuzzy`, speedup ? `${speedup.toFixed(1)}×` : '–', check(speedup !== undefined ? speedup >= TARGETS.speedup : undefined)],
          [`start from cache ≤ ${TARGETS.loadMs / 1000} s`, `${fmt(m.load_ms, 0)} ms`, check(m.load_ms !== undefined ? m.load_ms <= TARGETS.loadMs : undefined)],
          [`RSS ≤ ${TARGETS.rssMb} MB`, `${fmt(m.rss_mb, 0)} MB (build ${fmt(m.build_rss_mb, 0)} MB)`, check(m.rss_mb <= TARGETS.rssMb)],
        ],
      ),
    );
  }

  const growthRows: string[][] = [];
  for (const engine of new Set(rows.map((r) => r.engine))) {
    const series = rows.filter((r) => r.engine === engine && r.label.startsWith('sotu') && !r.skipped);
    if (series.length < 2) continue;
    const a = series[0]!;
    const b = series[series.length - 1]!;
    const x = (v?: number, w?: number) => (v && w ? `${(w / v).toFixed(1)}×` : '–');
    growthRows.push([
      engine,
      `${a.sentences.toLocaleString('en-US')} → ${b.sentences.toLocaleString('en-US')} (${(b.sentences / a.sentences).toFixed(0)}×)`,
      x(a.build_ms, b.build_ms),
      x(a.p50_ms, b.p50_ms),
      x(a.p99_ms, b.p99_ms),
      x(a.rss_mb, b.rss_mb),
    ]);
  }
  if (growthRows.length) out.push('', 'How cost grows with the corpus', table(['engine', 'sentences', 'build', 'p50', 'p99', 'RSS'], growthRows, 2));

  const notes: string[] = [];
  for (const r of rows) {
    if (r.skipped) notes.push(`${r.engine} skipped at ${r.label}: ${r.skipped}.`);
    else if (r.measured !== undefined && r.questions !== undefined && r.measured < r.questions) {
      notes.push(`${r.engine} at ${r.label}: ${r.measured} of ${r.questions} questions timed within the ${options.budgetMs / 1000} s budget.`);
    }
    if (r.agreement)
      notes.push(`${r.engine} at ${r.label}: ${r.agreement.same}/${r.agreement.total} answers identical to factdesk's; ${r.scored_per_question} sentences scored per question.`);
  }
  const firsts = rows.filter((r) => r.engine === 'factdesk' && r.first_ms !== undefined).map((r) => `${r.label} ${fmt(r.first_ms)} ms`);
  if (firsts.length) notes.push(`factdesk's first question after loading and its own warm-up (not in p50/p99): ${firsts.join(', ')}.`);
  notes.push(
    "Timings are single-pass nearest-rank percentiles after warm-up questions; with ~45 questions p99 is the slowest one. RSS is the peak of the engine's own process, corpus included; factdesk's is the process that starts from the saved index.",
  );
  for (const f of failures) notes.push(`FAILED: ${f}`);
  out.push('', 'Notes', ...notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

main().catch((error: unknown) => {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
