import { z } from 'zod';
import type { Answer, ConfidenceLevel } from '../search/engine.ts';

/** One evaluation question: `expect` lists substrings of acceptable answers; empty = off-topic. */
export interface EvalQuestion {
  id: string;
  question: string;
  expect: string[];
  /** Asked of this article only (its id), when set. */
  source?: string;
}

export interface EvalResult {
  id: string;
  question: string;
  abstained: boolean;
  answers: string[];
  /** 1-based rank of the first acceptable answer within the top 3, or undefined. */
  rank?: number;
  offTopic: boolean;
  /** Each answer shown: its confidence level and whether it is acceptable. */
  shown: Array<{ confidence: ConfidenceLevel; right: boolean }>;
  /** For per-article questions: the article's whole ranking, as right or not, best first. */
  ranking?: boolean[];
}

export interface EvalMetrics {
  questions: number;
  answerable: number;
  offTopic: number;
  top1: number;
  hitAt3: number;
  mrrAt3: number;
  offTopicAbstained: number;
  falseAbstains: number;
  /** Per confidence level: answers shown with it, and how many of those were right. */
  confidence: Record<ConfidenceLevel, { answers: number; right: number }>;
  /** Per-article questions only: ranking quality over each article's full ranking (no abstention)… */
  ranking?: { questions: number; map: number; mrr: number; p1: number };
  /** …and answer triggering with abstention on: answered with a right first answer. */
  triggering?: { precision: number; recall: number; f1: number };
}

const lineSchema = z.object({
  id: z.string().min(1),
  question: z.string(),
  expect: z.array(z.string()),
  source: z.string().min(1).optional(),
});

/** Parses JSON Lines; a bad line is an error naming its line number. */
export function parseEvalFile(source: string, file = 'input'): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}:${i + 1}: field "${issue.path.join('.') || '(line)'}": ${issue.message}`);
    }
    const { source, ...rest } = parsed.data;
    questions.push(source === undefined ? rest : { ...rest, source });
  });
  return questions;
}

/** Case-insensitive, with curly quotes folded to straight ones. */
export function foldForMatch(s: string): string {
  return s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').toLowerCase();
}

/**
 * Judges one answer; `ranking` is the texts of the question's article, best first, for
 * per-article questions.
 */
export function judge(q: EvalQuestion, answer: Answer, ranking?: readonly string[]): EvalResult {
  const shownAnswers = answer.abstained ? [] : answer.answers.slice(0, 5);
  const answers = shownAnswers.map((a) => a.text);
  const expect = q.expect.map(foldForMatch);
  const right = (text: string) => expect.some((e) => foldForMatch(text).includes(e));
  const idx = answers.slice(0, 3).findIndex(right);
  return {
    id: q.id,
    question: q.question,
    abstained: answer.abstained,
    answers,
    rank: idx >= 0 ? idx + 1 : undefined,
    offTopic: q.expect.length === 0,
    shown: shownAnswers.map((a) => ({ confidence: a.confidence, right: right(a.text) })),
    ...(ranking ? { ranking: ranking.map(right) } : {}),
  };
}

/** Average precision of one full ranking (1 for right, 0 for wrong), over all its right entries. */
function averagePrecision(ranking: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  ranking.forEach((r, k) => {
    if (r) sum += ++hits / (k + 1);
  });
  return hits ? sum / hits : 0;
}

export function metrics(results: EvalResult[]): EvalMetrics {
  const answerable = results.filter((r) => !r.offTopic);
  const offTopic = results.filter((r) => r.offTopic);
  const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
  return {
    questions: results.length,
    answerable: answerable.length,
    offTopic: offTopic.length,
    top1: share(answerable.filter((r) => r.rank === 1).length, answerable.length),
    hitAt3: share(answerable.filter((r) => r.rank !== undefined).length, answerable.length),
    mrrAt3: share(
      answerable.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0),
      answerable.length,
    ),
    offTopicAbstained: offTopic.filter((r) => r.abstained).length,
    falseAbstains: answerable.filter((r) => r.abstained).length,
    confidence: confidenceTable(results),
    ...rankingMetrics(results, share),
  };
}

function confidenceTable(results: EvalResult[]): EvalMetrics['confidence'] {
  const table: EvalMetrics['confidence'] = { strong: { answers: 0, right: 0 }, good: { answers: 0, right: 0 }, partial: { answers: 0, right: 0 } };
  for (const r of results) {
    for (const a of r.shown) {
      table[a.confidence].answers++;
      if (a.right) table[a.confidence].right++;
    }
  }
  return table;
}

function rankingMetrics(results: EvalResult[], share: (n: number, d: number) => number): Pick<EvalMetrics, 'ranking' | 'triggering'> {
  const ranked = results.filter((r) => r.ranking !== undefined);
  if (!ranked.length) return {};
  // Questions whose article holds no right sentence cannot be ranked (the usual protocol drops them).
  const rankable = ranked.filter((r) => r.ranking!.some(Boolean));
  const mean = (f: (r: EvalResult) => number) => (rankable.length ? Math.round((rankable.reduce((s, r) => s + f(r), 0) / rankable.length) * 1000) / 1000 : 0);
  const answered = ranked.filter((r) => !r.abstained);
  const correct = answered.filter((r) => r.shown[0]?.right).length;
  const precision = answered.length ? correct / answered.length : 0;
  const recall = rankable.length ? correct / rankable.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    ranking: {
      questions: rankable.length,
      map: mean((r) => averagePrecision(r.ranking!)),
      mrr: mean((r) => {
        const k = r.ranking!.indexOf(true);
        return k >= 0 ? 1 / (k + 1) : 0;
      }),
      p1: mean((r) => (r.ranking![0] ? 1 : 0)),
    },
    triggering: { precision: share(correct, answered.length), recall: share(correct, rankable.length), f1: Math.round(f1 * 1000) / 1000 },
  };
}

export function formatMetrics(name: string, m: EvalMetrics): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const rows: Array<[string, string]> = [
    ['engine', name],
    ['questions', `${m.questions} (${m.answerable} answerable, ${m.offTopic} off-topic)`],
    ['top-1', pct(m.top1)],
    ['hit@3', pct(m.hitAt3)],
    ['MRR@3', m.mrrAt3.toFixed(3)],
    ['off-topic abstained', `${m.offTopicAbstained} / ${m.offTopic}`],
    ['false abstains', `${m.falseAbstains} / ${m.answerable}`],
  ];
  if (m.ranking && m.triggering) {
    rows.push(
      ['per-article MAP', `${m.ranking.map.toFixed(3)} (${m.ranking.questions} questions, full ranking)`],
      ['per-article MRR', m.ranking.mrr.toFixed(3)],
      ['per-article P@1', pct(m.ranking.p1)],
      ['triggering P/R/F1', `${pct(m.triggering.precision)} / ${pct(m.triggering.recall)} / ${m.triggering.f1.toFixed(3)}`],
    );
  }
  for (const level of ['strong', 'good', 'partial'] as const) {
    const c = m.confidence[level];
    rows.push([`"${level} match"`, `${c.right} right of ${c.answers} answers${c.answers ? ` (${pct(c.right / c.answers)})` : ''}`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
