import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { judge, metrics, parseEvalFile, type EvalMetrics } from '../../src/cli/evaluation.ts';

// Quality floor from the answer-quality issue, measured on the development questions.
describe('answer quality on the development questions', () => {
  let m: EvalMetrics;
  beforeAll(async () => {
    const { engine } = await loadKnowledge('knowledge');
    const questions = parseEvalFile(readFileSync('tests/fixtures/questions.dev.jsonl', 'utf8'));
    m = metrics(questions.map((q) => judge(q, engine.ask(q.question))));
  });

  it('puts a right sentence first for at least 85 % of answerable questions', () => {
    expect(m.top1).toBeGreaterThanOrEqual(0.94);
  });

  it('has a right sentence in the top 3 for at least 95 %', () => {
    expect(m.hitAt3).toBeGreaterThanOrEqual(0.95);
  });

  it('abstains on every off-topic question', () => {
    expect(m.offTopicAbstained).toBe(m.offTopic);
    expect(m.offTopic).toBeGreaterThan(0);
  });

  it('never abstains on an answerable question', () => {
    expect(m.falseAbstains).toBe(0);
  });
});
