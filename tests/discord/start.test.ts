import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmingFirstLoad } from '../../src/discord/start.ts';
import { AnswerEngine } from '../../src/search/engine.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the bot's knowledge loader", () => {
  it('warms the engine up on the first load only, not on reloads', async () => {
    const warmUp = vi.spyOn(AnswerEngine.prototype, 'warmUp');
    const load = warmingFirstLoad({});
    const first = await load('knowledge');
    expect(warmUp).toHaveBeenCalledTimes(1);
    expect(warmUp.mock.contexts[0]).toBe(first.engine);
    const again = await load('knowledge');
    await load('knowledge');
    expect(warmUp).toHaveBeenCalledTimes(1);
    // A reload answers as the first load did: the same first sentence, and a real one (both abstaining would prove nothing).
    const before = first.engine.ask('why did albania cut ties with iran');
    const after = again.engine.ask('why did albania cut ties with iran');
    expect(before.abstained).toBe(false);
    expect(before.answers[0]?.id).toMatch(/^iran-embassy-tirana:\d+\.\d+$/);
    expect(after.answers[0]?.id).toBe(before.answers[0]?.id);
  });
});
