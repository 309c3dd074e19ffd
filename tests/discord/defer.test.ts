import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/logger.ts';
import type { KnowledgeSource } from '../../src/load/live.ts';

/** The engine is never called here: only the timing of calls is. */
const knowledge = {} as KnowledgeSource;
const logger = createLogger({ level: 'silent' });

/** A context whose engine calls take as long as the test says. */
function contextWithClock(slowEngineMs = 1000) {
  let now = 0;
  const ctx = createContext({ knowledge, logger, slowEngineMs, clock: () => now }, []);
  const call = (ms: number, fail = false) =>
    ctx.timeEngine(() => {
      now += ms;
      if (fail) throw new Error('engine failed');
    });
  return { ctx, call };
}

describe('deferring before the engine runs', () => {
  it('defers while the engine is unmeasured or has recently been slow, not when it has been fast', () => {
    const { ctx, call } = contextWithClock();
    expect(ctx.shouldDefer()).toBe(true);
    call(40);
    expect(ctx.shouldDefer()).toBe(false);
    call(1500);
    expect(ctx.shouldDefer()).toBe(true);
  });

  it('forgets a slow call after twenty fast ones', () => {
    const { ctx, call } = contextWithClock();
    call(1500);
    for (let i = 0; i < 19; i++) call(5);
    expect(ctx.shouldDefer()).toBe(true);
    call(5);
    expect(ctx.shouldDefer()).toBe(false);
  });

  it('times a call that throws, and rethrows', () => {
    const { ctx, call } = contextWithClock();
    expect(() => call(1500, true)).toThrow('engine failed');
    expect(ctx.shouldDefer()).toBe(true);
  });

  it('honours always and never', () => {
    expect(createContext({ knowledge, logger, defer: 'always' }, []).shouldDefer()).toBe(true);
    expect(createContext({ knowledge, logger, defer: 'never' }, []).shouldDefer()).toBe(false);
  });
});

describe('engine speed for autocomplete', () => {
  it('is slow only once a call has been measured slow, whatever the defer policy', () => {
    let now = 0;
    const ctx = createContext({ knowledge, logger, defer: 'always', slowEngineMs: 1000, clock: () => now }, []);
    expect(ctx.engineSlow()).toBe(false);
    ctx.timeEngine(() => (now += 2000));
    expect(ctx.engineSlow()).toBe(true);
  });
});
