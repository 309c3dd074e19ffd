/**
 * One member flooding autocomplete (a bot account or a script typing long misspelt text
 * as fast as Discord relays it) must not starve everyone else: their /ask still gets its
 * first response within Discord's 3 seconds, which FakeDiscord enforces here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTOCOMPLETE_BUDGET } from '../../src/discord/bot.ts';
import { dispatchBurst, lossReport, type BurstItem } from '../../testkit/burst.ts';
import { FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';

let h: BotHarness;

beforeEach(async () => {
  const fake = new FakeDiscord({ interactionDeadlineMs: 3000 });
  await fake.start();
  h = await BotHarness.start({ fake });
});

afterEach(async () => {
  await h?.stop();
  await h?.fake.stop();
});

const MISSPELT = 'albnia irn embsy diplomtas cyberatak tirna expuslion primne minster rama blmaed hackres ';

/** Sends `count` autocompletes from one member within `windowMs`, each a longer prefix of misspelt text. */
async function flood(count: number, windowMs: number): Promise<string[]> {
  const flooder = { id: snowflake(), username: 'flooder' };
  const ids: string[] = [];
  const start = performance.now();
  while (ids.length < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * count) / windowMs) + 1);
    for (let k = ids.length; k < due; k++) {
      const value = MISSPELT.repeat(4).slice(0, 40 + (k % 60));
      ids.push(h.fake.sendInteraction(h.fake.autocomplete({ name: 'ask', focused: 'question', options: { question: value }, user: flooder })).id);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return ids;
}

describe('an autocomplete flood from one member', () => {
  it('is cut off at the member’s own budget, while others still get suggestions', async () => {
    const flooder = { id: snowflake(), username: 'flooder' };
    const answered: boolean[] = [];
    for (let k = 0; k < AUTOCOMPLETE_BUDGET.questions + 5; k++) {
      const reply = await h.send(h.fake.autocomplete({ name: 'ask', focused: 'question', options: { question: `albania ${k}` }, user: flooder }));
      answered.push(reply.events.some((e) => e.kind === 'callback'));
    }
    expect(answered.filter(Boolean)).toHaveLength(AUTOCOMPLETE_BUDGET.questions);
    expect(answered.slice(0, AUTOCOMPLETE_BUDGET.questions).every(Boolean)).toBe(true);
    const other = await h.send(h.fake.autocomplete({ name: 'ask', focused: 'question', options: { question: 'albania' }, user: { id: snowflake() } }));
    expect(other.callback.data.choices.length).toBeGreaterThan(1);
    // The flooder's questions are not what the autocomplete budget counts.
    expect((await h.ask({ question: 'why did Albania cut ties with Iran?', user: flooder })).handled.outcome).toBe('answered');
  });

  it('leaves every other member’s /ask answered, none lost', async () => {
    const [floodIds, asks] = await Promise.all([flood(2000, 1000), dispatchBurst(h.fake, { count: 20, windowMs: 1000, label: 'bystander' })]);
    await Promise.all(asks.map((item: BurstItem) => h.settled(item.id)));
    expect(lossReport(h.fake, asks)).toEqual({ dispatched: 20, answered: 20, missing: [], doubled: [], failed: [], mismatched: [] });
    const expired = asks.filter((item) => h.fake.requests.some((r) => r.status === 404 && r.route.startsWith(`/interactions/${item.id}/`)));
    expect(expired).toEqual([]);
    expect(floodIds).toHaveLength(2000);
  });
});
