import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/discord/cooldown.ts';

describe('per-member cooldown', () => {
  it('allows N questions per window, then says how long to wait', () => {
    let now = 1_000_000;
    const cooldown = new Cooldown({ questions: 2, seconds: 30, now: () => now });
    expect(cooldown.take('g:u').ok).toBe(true);
    now += 10_000;
    expect(cooldown.take('g:u').ok).toBe(true);
    now += 5_000;
    expect(cooldown.take('g:u')).toEqual({ ok: false, retryAfterSeconds: 15 });
    expect(cooldown.take('g:other').ok).toBe(true);
    now += 15_001;
    expect(cooldown.take('g:u').ok).toBe(true);
    expect(cooldown.take('g:u').ok).toBe(false);
  });

  it('does not count refused questions against the member', () => {
    let now = 0;
    const cooldown = new Cooldown({ questions: 1, seconds: 10, now: () => now });
    cooldown.take('k');
    for (let i = 0; i < 5; i++) {
      now += 1000;
      expect(cooldown.take('k').ok).toBe(false);
    }
    now = 10_001;
    expect(cooldown.take('k').ok).toBe(true);
  });
});
