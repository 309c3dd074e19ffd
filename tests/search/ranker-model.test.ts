import { describe, expect, it } from 'vitest';
import { RANKER } from '../../src/search/ranker-model.ts';
import { CONFIDENCE_INPUTS, FEATURE_NAMES } from '../../src/search/rerank.ts';

// The model file is written by the training script; the engine reads its weights by position.
describe('the fitted ranking model', () => {
  it('has one weight per feature the reranker computes, in the same order', () => {
    expect([...RANKER.features]).toEqual([...FEATURE_NAMES]);
    expect(RANKER.weights).toHaveLength(FEATURE_NAMES.length);
    for (const w of RANKER.weights) expect(Number.isFinite(w)).toBe(true);
  });

  it('has one calibration weight per confidence input', () => {
    expect([...RANKER.calibration.inputs]).toEqual([...CONFIDENCE_INPUTS]);
    expect(RANKER.calibration.weights).toHaveLength(CONFIDENCE_INPUTS.length);
  });

  it('has thresholds in order: later answers < abstention < good < strong', () => {
    const t = RANKER.thresholds;
    expect(t.follower).toBeLessThan(Math.min(t.abstain.folder, t.abstain.article));
    expect(Math.max(t.abstain.folder, t.abstain.article)).toBeLessThanOrEqual(t.good);
    expect(t.good).toBeLessThanOrEqual(t.strong);
    expect(t.strong).toBeLessThan(1);
  });
});
