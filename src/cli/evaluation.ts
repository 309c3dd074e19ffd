import { z } from 'zod';
import type { Answer } from '../search/engine.ts';

/** One evaluation question: `expect` lists substrings of acceptable answers; empty = off-topic. */
export interface EvalQuestion {
  id: string;
  question: string;
  expect: string[];
}

export interface EvalResult {
  id: string;
  question: string;
  abstained: boolean;
  answers: string[];
  /** 1-based rank of the first acceptable answer within the top 3, or undefined. */
  rank?: number;
  offTopic: boolean;
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
}

const lineSchema = z.object({
  id: z.string().min(1),
  question: z.string(),
  expect: z.array(z.string()),
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
    questions.push(parsed.data);
  });
  return questions;
}

/** Case-insensitive, with curly quotes folded to straight ones. */
export function foldForMatch(s: string): string {
  return s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').toLowerCase();
}

export function judge(q: EvalQuestion, answer: Answer): EvalResult {
  const answers = answer.abstained ? [] : answer.answers.slice(0, 5).map((a) => a.text);
  const expect = q.expect.map(foldForMatch);
  const idx = answers.slice(0, 3).findIndex((a) => expect.some((e) => foldForMatch(a).includes(e)));
  return {
    id: q.id,
    question: q.question,
    abstained: answer.abstained,
    answers,
    rank: idx >= 0 ? idx + 1 : undefined,
    offTopic: q.expect.length === 0,
  };
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
    mrrAt3: share(answerable.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0), answerable.length),
    offTopicAbstained: offTopic.filter((r) => r.abstained).length,
    falseAbstains: answerable.filter((r) => r.abstained).length,
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
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
