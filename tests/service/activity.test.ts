import { describe, expect, it } from 'vitest';
import { Activity } from '../../src/service/activity.ts';
import { backoffDelays } from '../../src/service/backoff.ts';

const HOUR = 60 * 60 * 1000;

describe('questions of the last 24 hours', () => {
  it('counts what happened within the last day and forgets what is older', () => {
    let now = Date.UTC(2024, 2, 1, 12, 30);
    const activity = new Activity(() => now);
    activity.add('answered');
    activity.add('abstained');
    now += 5 * HOUR;
    activity.add('answered');
    expect(activity.lastDay()).toEqual({ answered: 2, abstained: 1 });
    now += 20 * HOUR; // the first two are now more than a day old
    expect(activity.lastDay()).toEqual({ answered: 1, abstained: 0 });
    now += 24 * HOUR;
    expect(activity.lastDay()).toEqual({ answered: 0, abstained: 0 });
  });
});

describe('retry delays', () => {
  it('double from the first up to the cap, with at most a fifth added', () => {
    const plain = backoffDelays(1000, 8000, () => 0);
    expect([plain(), plain(), plain(), plain(), plain()]).toEqual([1000, 2000, 4000, 8000, 8000]);
    const jittered = backoffDelays(1000, 8000, () => 0.999);
    expect(jittered()).toBe(1200);
  });
});
