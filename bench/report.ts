import type { Figure, Row } from './aggregate.ts';
import { FIGURES } from './aggregate.ts';

/**
 * The benchmark's output: a text table for people and `--json` for tools, both from the
 * same rows, so the JSON carries every figure the table shows (and each one's spread).
 */

/** The issue's targets for the largest corpus (start from cache, CPU per question, memory). */
export const TARGETS = { startMs: 3000, p50CpuMs: 5, p99CpuMs: 30, typingP99Ms: 10, rssMb: 600, speedup: 20 };

export interface RunInfo {
  repeat: number;
  budgetMs: number;
  cpus: number;
  node: string;
  loadAverage: number[];
  seconds: number;
  failures: string[];
}

export interface Ratio {
  corpus: string;
  peer: string;
  p50_cpu: number | null;
  p99_cpu: number | null;
  p50_wall: number | null;
  p99_wall: number | null;
  rss: number | null;
  note: string;
}

const ratioOf = (peer: number | null, mine: number | null) => (peer && mine ? Math.round((peer / mine) * 10) / 10 : null);

/** factdesk against each peer on the same corpus in the same run: peer ÷ factdesk. */
export function ratios(rows: Row[]): Ratio[] {
  const out: Ratio[] = [];
  for (const mine of rows.filter((r) => r.engine === 'factdesk' && !r.skipped)) {
    for (const peer of rows.filter((r) => r.corpus === mine.corpus && r.engine !== 'factdesk')) {
      const m = mine.median;
      const p = peer.median;
      const partial = !peer.skipped && p.measured !== null && peer.questions !== null && p.measured < peer.questions;
      out.push({
        corpus: mine.corpus,
        peer: peer.engine,
        p50_cpu: peer.skipped ? null : ratioOf(p.p50_cpu_ms, m.p50_cpu_ms),
        p99_cpu: peer.skipped ? null : ratioOf(p.p99_cpu_ms, m.p99_cpu_ms),
        p50_wall: peer.skipped ? null : ratioOf(p.p50_ms, m.p50_ms),
        p99_wall: peer.skipped ? null : ratioOf(p.p99_ms, m.p99_ms),
        rss: peer.skipped ? null : ratioOf(p.rss_mb, m.rss_mb),
        note: peer.skipped ? `peer skipped: ${peer.skipped}` : partial ? `peer timed on ${p.measured} of ${peer.questions} questions (time budget)` : '',
      });
    }
  }
  return out;
}

/** `--json`: one object per row with the median of every figure, plus spreads and ratios. */
export function jsonReport(rows: Row[], info: RunInfo): string {
  const out = rows.map((r) => ({
    corpus: r.corpus,
    engine: r.engine,
    sentences: r.sentences,
    runs: r.runs,
    skipped: r.skipped,
    questions: r.questions,
    ...r.median,
    spread: r.spread,
  }));
  return `${JSON.stringify({ machine: { cpus: info.cpus, node: info.node, load_average: info.loadAverage }, repeat: info.repeat, budget_s: info.budgetMs / 1000, seconds: Math.round(info.seconds), rows: out, ratios: ratios(rows), failures: info.failures })}\n`;
}

const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(digits);
const sec = (ms: number | null) => (ms === null ? '–' : (ms / 1000).toFixed(ms >= 10_000 ? 0 : 1));
const x = (v: number | null) => (v === null ? 'n/a' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`);

/** A text table; the first `alignLeft` columns and, with `noteLast`, the last one are left-aligned. */
export function table(headers: string[], body: string[][], alignLeft = 1, noteLast = false): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => i < alignLeft || (noteLast && i === headers.length - 1);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const range = (r: Row, f: Figure, digits = 1) => {
  const s = r.spread[f];
  return s ? `${fmt(s[0], digits)}–${fmt(s[1], digits)}` : '–';
};

export function textReport(rows: Row[], info: RunInfo): string {
  const out: string[] = [];
  out.push(
    `Medians of ${info.repeat} runs per engine and corpus, each run in processes of its own; ${info.cpus} CPUs, load average ${info.loadAverage.map((l) => l.toFixed(1)).join(' ')} at the start.`,
    '',
    table(
      [
        'corpus',
        'engine',
        'sentences',
        'build s',
        'build RSS',
        'parse s',
        'start s',
        'first answer s',
        'p50 CPU',
        'p99 CPU',
        'p50 wall',
        'p99 wall',
        'typing p99',
        'RSS MB',
        'questions',
        'note',
      ],
      rows.map((r) => {
        const m = r.median;
        // A skipped engine keeps its row, with the reason in the last column.
        if (r.skipped && r.runs === 0)
          return [r.corpus, r.engine, r.sentences ? r.sentences.toLocaleString('en-US') : '–', ...Array<string>(12).fill('–'), `skipped: ${r.skipped}`];
        const partial = m.measured !== null && r.questions !== null && m.measured < r.questions;
        return [
          r.corpus,
          r.engine,
          r.sentences.toLocaleString('en-US'),
          sec(m.build_ms),
          fmt(m.build_rss_mb, 0),
          sec(m.parse_ms),
          sec(m.start_ms),
          sec(m.first_answer_ms),
          fmt(m.p50_cpu_ms, 2),
          fmt(m.p99_cpu_ms, 2),
          fmt(m.p50_ms, 2),
          fmt(m.p99_ms, 2),
          fmt(m.typing_p99_ms, 2),
          fmt(m.rss_mb, 0),
          `${fmt(m.measured, 0)}/${r.questions ?? '–'}${m.abstained !== null ? ` (${fmt(m.abstained, 0)} abst.)` : ''}`,
          r.skipped ? r.skipped : partial ? `timed on ${fmt(m.measured, 0)} questions within the ${info.budgetMs / 1000} s budget` : '',
        ];
      }),
      2,
      true,
    ),
  );

  const measured = rows.filter((r) => r.runs > 0);
  out.push(
    '',
    `Spread over the runs (smallest–largest of ${info.repeat})`,
    table(
      ['corpus', 'engine', 'start s', 'p50 CPU', 'p99 CPU', 'p50 wall', 'p99 wall', 'typing p99', 'RSS MB'],
      measured.map((r) => [
        r.corpus,
        r.engine,
        r.spread.start_ms ? `${sec(r.spread.start_ms[0])}–${sec(r.spread.start_ms[1])}` : '–',
        range(r, 'p50_cpu_ms', 2),
        range(r, 'p99_cpu_ms', 2),
        range(r, 'p50_ms', 2),
        range(r, 'p99_ms', 2),
        range(r, 'typing_p99_ms', 2),
        range(r, 'rss_mb', 0),
      ]),
      2,
    ),
  );

  const rs = ratios(rows);
  if (rs.length) {
    out.push(
      '',
      'Speed-up in the same run (peer ÷ factdesk; above 1× factdesk is faster or smaller)',
      table(
        ['corpus', 'peer', 'p50 CPU', 'p99 CPU', 'p50 wall', 'p99 wall', 'RSS', 'note'],
        rs.map((r) => [r.corpus, r.peer, x(r.p50_cpu), x(r.p99_cpu), x(r.p50_wall), x(r.p99_wall), x(r.rss), r.note]),
        2,
        true,
      ),
    );
  }

  const mine = measured.filter((r) => r.engine === 'factdesk');
  const largest = mine.reduce<Row | undefined>((a, r) => (!a || r.sentences > a.sentences ? r : a), undefined);
  if (largest) {
    const m = largest.median;
    const mini = rows.find((r) => r.corpus === largest.corpus && r.engine === 'minisearch-fuzzy' && r.runs > 0);
    const speedup = mini ? ratioOf(mini.median.p50_cpu_ms, m.p50_cpu_ms) : null;
    const check = (v: number | null, ok: (v: number) => boolean) => (v === null ? '?' : ok(v) ? 'met' : 'MISSED');
    out.push(
      '',
      `Targets at the largest corpus measured (${largest.corpus}, ${largest.sentences.toLocaleString('en-US')} sentences)`,
      table(
        ['target', 'measured', ''],
        [
          [`start from cache ≤ ${TARGETS.startMs / 1000} s`, `${sec(m.start_ms)} s`, check(m.start_ms, (v) => v <= TARGETS.startMs)],
          [`p50 CPU ≤ ${TARGETS.p50CpuMs} ms`, `${fmt(m.p50_cpu_ms, 2)} ms`, check(m.p50_cpu_ms, (v) => v <= TARGETS.p50CpuMs)],
          [`p99 CPU ≤ ${TARGETS.p99CpuMs} ms`, `${fmt(m.p99_cpu_ms, 2)} ms`, check(m.p99_cpu_ms, (v) => v <= TARGETS.p99CpuMs)],
          [`typing p99 ≤ ${TARGETS.typingP99Ms} ms`, `${fmt(m.typing_p99_ms, 2)} ms`, check(m.typing_p99_ms, (v) => v <= TARGETS.typingP99Ms)],
          [`peak RSS ≤ ${TARGETS.rssMb} MB`, `${fmt(m.rss_mb, 0)} MB (build ${fmt(m.build_rss_mb, 0)} MB)`, check(m.rss_mb, (v) => v <= TARGETS.rssMb)],
          [`p50 CPU ≥ ${TARGETS.speedup}× minisearch-fuzzy`, speedup ? `${speedup}×` : mini ? '–' : 'not measured here', check(speedup, (v) => v >= TARGETS.speedup)],
        ],
      ),
    );
  }

  const notes: string[] = [];
  notes.push(
    'A peer timed on fewer questions than factdesk was timed on the first of them in the same spread-out order (all kinds mixed); its percentiles rest on that sample.',
    'CPU is the process\'s user + system time around each question (process.cpuUsage), wall is elapsed time; percentiles are nearest-rank over one pass of the questions after warm-up. "typing p99" is the wall p99 of the first 60 % of each question.',
    '"start" is reading and parsing the knowledge files (archive corpora; the SOTU ones are built in memory) plus loading the saved index (factdesk, with its warm start) or the serialized index (peers). "first answer" adds the first question.',
    'Build RSS is the peak of the process that built and saved the index; RSS is the peak of the process that started from it and answered. Both include the corpus.',
  );
  for (const f of info.failures) notes.push(`FAILED: ${f}`);
  out.push('', 'Notes', ...notes.map((n) => `- ${n}`), '', `Done in ${Math.round(info.seconds)} s.`);
  return `${out.join('\n')}\n`;
}

export { FIGURES };
