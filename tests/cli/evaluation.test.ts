import { describe, expect, it } from 'vitest';
import { judge, metrics, type EvalQuestion } from '../../src/cli/evaluation.ts';
import type { Answer, ConfidenceLevel } from '../../src/search/engine.ts';

const answer = (texts: Array<[string, ConfidenceLevel]>, abstained = false): Answer =>
  ({ question: 'q', abstained, answers: texts.map(([text, confidence]) => ({ text, confidence })) }) as unknown as Answer;
const q = (id: string, expect: string[], source?: string): EvalQuestion => ({ id, question: 'q', expect, ...(source ? { source } : {}) });

describe('evaluation metrics', () => {
  it('computes MAP, MRR and P@1 over full rankings, and answer triggering with abstention', () => {
    const results = [
      // Right sentences at ranks 1 and 3: AP = (1/1 + 2/3) / 2.
      judge(q('a', ['right'], 'd'), answer([['right one', 'strong']]), ['right one', 'wrong', 'right two', 'wrong']),
      // First right sentence at rank 2: AP = 1/2, RR = 1/2; answered wrongly.
      judge(q('b', ['right'], 'd'), answer([['wrong', 'good']]), ['wrong', 'right', 'wrong']),
      // No answer in the article: left out of MAP; answering it costs precision.
      judge(q('c', [], 'd'), answer([['wrong', 'partial']]), ['wrong', 'wrong']),
      // Abstained on an answerable question: costs recall.
      judge(q('e', ['right'], 'd'), answer([], true), ['right']),
    ];
    const m = metrics(results);
    expect(m.ranking).toEqual({
      questions: 3,
      map: Math.round(((5 / 6 + 0.5 + 1) / 3) * 1000) / 1000,
      mrr: Math.round(((1 + 0.5 + 1) / 3) * 1000) / 1000,
      p1: Math.round((2 / 3) * 1000) / 1000,
    });
    // Answered 3, of which 1 right first; 3 answerable.
    expect(m.triggering!.precision).toBeCloseTo(1 / 3, 3);
    expect(m.triggering!.recall).toBeCloseTo(1 / 3, 3);
    expect(m.triggering!.f1).toBeCloseTo(1 / 3, 3);
  });

  it('counts, per confidence word, the answers that got it and how many were right', () => {
    const m = metrics([
      judge(
        q('a', ['yes']),
        answer([
          ['yes', 'strong'],
          ['no', 'strong'],
          ['yes again', 'partial'],
        ]),
      ),
      judge(q('b', []), answer([['no', 'good']])),
    ]);
    expect(m.confidence).toEqual({ strong: { answers: 2, right: 1 }, good: { answers: 1, right: 0 }, partial: { answers: 1, right: 1 } });
    expect(m.ranking).toBeUndefined();
  });
});
