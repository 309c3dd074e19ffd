import type { EngineName, Result } from './child.ts';
import { median, round, spread } from './stats.ts';

/**
 * Several runs of one engine on one corpus, each in a process of its own, reduced to
 * one row: the median of each figure (so one run slowed by other work on the machine
 * does not decide the result) and its spread (smallest and largest).
 */

/** Every figure a row carries; the text table and `--json` show these and only these. */
export const FIGURES = [
  'build_ms',
  'build_rss_mb',
  'parse_ms',
  'start_ms',
  'first_answer_ms',
  'p50_cpu_ms',
  'p99_cpu_ms',
  'p50_ms',
  'p99_ms',
  'typing_p99_ms',
  'typing_p99_cpu_ms',
  'rss_mb',
  'measured',
  'abstained',
] as const;
export type Figure = (typeof FIGURES)[number];

/** One run as the runner records it: the serving result, with its build's figures for factdesk. */
export interface RunFigures extends Partial<Record<Figure, number>> {
  sentences: number;
  questions?: number;
  skipped?: string;
}

export interface Row {
  corpus: string;
  engine: EngineName;
  sentences: number;
  /** Runs whose figures went into the medians. */
  runs: number;
  /** Why the engine was not measured here (or not in every run); null when it was. */
  skipped: string | null;
  questions: number | null;
  median: Record<Figure, number | null>;
  spread: Record<Figure, [number, number] | null>;
}

/** The figures of one run, from the child's result and (factdesk) its build child's. */
export function runFigures(serve: Result, build?: Result): RunFigures {
  return {
    sentences: serve.sentences,
    questions: serve.questions,
    skipped: serve.skipped,
    build_ms: build?.build_ms ?? serve.build_ms,
    build_rss_mb: build ? build.rss_mb : serve.build_ms !== undefined ? serve.rss_mb : undefined,
    parse_ms: serve.parse_ms,
    start_ms: serve.start_ms,
    first_answer_ms: serve.first_answer_ms,
    p50_cpu_ms: serve.p50_cpu_ms,
    p99_cpu_ms: serve.p99_cpu_ms,
    p50_ms: serve.p50_ms,
    p99_ms: serve.p99_ms,
    typing_p99_ms: serve.autocomplete_p99_ms,
    typing_p99_cpu_ms: serve.autocomplete_p99_cpu_ms,
    rss_mb: serve.rss_mb,
    measured: serve.measured,
    abstained: serve.abstained,
  };
}

/** Medians and spreads over the runs that were measured; a row of nulls if none was. */
export function aggregate(corpus: string, engine: EngineName, runs: RunFigures[], skipped?: string): Row {
  const measured = runs.filter((r) => !r.skipped);
  const med = {} as Row['median'];
  const spr = {} as Row['spread'];
  for (const f of FIGURES) {
    const values = measured.map((r) => r[f]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const m = median(values);
    med[f] = Number.isFinite(m) ? round(m, 2) : null;
    spr[f] = spread(values) ?? null;
  }
  const reason = skipped ?? (measured.length === 0 ? (runs.find((r) => r.skipped)?.skipped ?? 'no run finished') : null);
  return {
    corpus,
    engine,
    sentences: runs[0]?.sentences ?? 0,
    runs: measured.length,
    skipped: reason,
    questions: runs[0]?.questions ?? null,
    median: med,
    spread: spr,
  };
}

/**
 * Why a peer is not run on corpora larger than this row's, or undefined if it still fits:
 * it was skipped here, or timed fewer than a quarter of the questions within the budget
 * (a larger corpus is slower still, so its figures would rest on a handful of questions).
 */
export function outgrown(row: Row, budgetMs: number): string | undefined {
  if (row.runs === 0) return `${row.skipped ?? 'did not finish'} at ${row.corpus}`;
  if (row.median.measured !== null && row.questions && row.median.measured < row.questions / 4) {
    return `at ${row.corpus} only ${row.median.measured} of ${row.questions} questions fit the ${budgetMs / 1000} s budget`;
  }
  return undefined;
}
