/**
 * Reliability of the bot through the real discord.js client against FakeDiscord: bursts,
 * rate limits, server errors, gateway drops and invalid sessions, and malformed
 * interactions. Every test checks that nothing was lost: each interaction dispatched got
 * exactly one answer (one acknowledgement, one visible message echoing its own
 * question), none missing, none doubled.
 */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/discord/commands/index.ts';
import { runRegistration } from '../../src/discord/registration.ts';
import { respond } from '../../src/discord/respond.ts';
import type { Command } from '../../src/discord/types.ts';
import { renderNotCovered } from '../../src/render/discord.ts';
import { UNKNOWN_COMMAND } from '../../src/discord/router.ts';
import { dispatchBurst, lossReport, type BurstItem } from '../../testkit/burst.ts';
import { FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness, type HarnessOptions } from './harness.ts';

const QUESTION = 'why did Albania cut ties with Iran?';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(options: HarnessOptions = {}): Promise<BotHarness> {
  h = await BotHarness.start(options);
  return h;
}

/** Waits until the router has finished with every interaction of the burst (bounded). */
async function settleAll(harness: BotHarness, items: readonly BurstItem[], timeoutMs = 20_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const report = lossReport(harness.fake, items);
      reject(new Error(`not every interaction was handled within ${timeoutMs} ms: ${JSON.stringify({ ...report, missing: report.missing.length })}`));
    }, timeoutMs);
  });
  try {
    await Promise.race([Promise.all(items.map((item) => harness.settled(item.id))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Exactly one answer per interaction: none missing, doubled, failed or answering another question. */
function expectNothingLost(fake: FakeDiscord, items: readonly BurstItem[]): void {
  expect(lossReport(fake, items)).toEqual({ dispatched: items.length, answered: items.length, missing: [], doubled: [], failed: [], mismatched: [] });
}

/** Dispatches `count` questions from distinct members and waits for the router to finish them all. */
async function askMany(harness: BotHarness, count: number, label: string): Promise<BurstItem[]> {
  const items = await dispatchBurst(harness.fake, { count, windowMs: 0, label });
  await settleAll(harness, items);
  return items;
}

describe('the loss report', () => {
  /** An /ask that misbehaves on purpose, by the number the burst gives each question. */
  const faulty: Command = {
    data: new SlashCommandBuilder()
      .setName('ask')
      .setDescription('faulty')
      .addStringOption((o) => o.setName('question').setDescription('q')),
    async execute(interaction: ChatInputCommandInteraction) {
      const question = interaction.options.getString('question', true);
      const n = Number(/#(\d+)$/.exec(question)![1]) % 5;
      if (n === 1) return 'silent';
      if (n === 4) throw new Error('handler failed');
      await respond(interaction, renderNotCovered(n === 3 ? 'another question' : question));
      if (n === 2) await respond(interaction, renderNotCovered(question));
      return 'answered';
    },
  };

  it('catches a missing, a doubled, a failed and a mismatched answer', async () => {
    const harness = await start({ commands: [faulty] });
    const items = await dispatchBurst(harness.fake, { count: 5, windowMs: 0 });
    await settleAll(harness, items);
    const report = lossReport(harness.fake, items);
    expect(report).toEqual({
      dispatched: 5,
      answered: 1,
      missing: [items[1]!.id],
      doubled: [items[2]!.id],
      failed: [items[4]!.id],
      mismatched: [items[3]!.id],
    });
  });
});

describe('burst', () => {
  it('answers 200 questions from 200 members dispatched at once, each exactly once', async () => {
    const harness = await start();
    const outcomes = new Map<string, string>();
    harness.bot.router.onHandled((handled) => outcomes.set(handled.interactionId, handled.outcome));

    const items = await dispatchBurst(harness.fake, { count: 200, windowMs: 0 });
    expect(new Set(items.map((i) => i.userId)).size).toBe(200);
    await settleAll(harness, items);

    expectNothingLost(harness.fake, items);
    for (const item of items) expect(['answered', 'abstained']).toContain(outcomes.get(item.id));
    expect(harness.logs().filter((l) => l.level >= 50)).toEqual([]);
    expect(harness.fake.identifyCount).toBe(1);
  });
});

describe('backlog', () => {
  /** A snowflake Discord would have minted `msAgo` ms ago (discord.js reads createdTimestamp from it). */
  function snowflakeFrom(msAgo: number): string {
    return ((BigInt(Date.now() - msAgo) - 1_420_070_400_000n) << 22n).toString();
  }

  it('defers a question that already waited over a second (queued behind a burst), then edits in the answer', async () => {
    const harness = await start();
    const fresh = await harness.ask({ question: QUESTION });
    expect(fresh.events.map((e) => [e.kind, e.callbackType])).toEqual([['callback', 4]]);

    const queued = harness.askPayload({ question: QUESTION, user: { id: snowflake() } });
    queued.id = snowflakeFrom(2000);
    const reply = await harness.send(queued);
    expect(reply.handled.outcome).toBe('answered');
    expect(reply.events.map((e) => [e.kind, e.callbackType])).toEqual([
      ['callback', 5],
      ['edit', undefined],
    ]);
    expect(reply.data.embeds.length).toBeGreaterThan(0);
  });

  it('does not try to answer again once Discord says the interaction expired (10062), and logs it', async () => {
    const harness = await start();
    const payload = harness.askPayload({ question: QUESTION });
    harness.fake.addFault({ method: 'POST', path: `/interactions/${payload.id}/`, status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    const reply = await harness.send(payload);
    expect(reply.handled.outcome).toBe('too-late');
    expect(harness.fake.requests.filter((r) => r.route.startsWith(`/interactions/${payload.id}/`))).toHaveLength(1);
    expect(harness.logs().find((l) => l.interactionId === payload.id && l.msg === 'interaction expired before it was answered')).toMatchObject({ level: 40 });
    expect((await harness.ask({ question: QUESTION })).handled.outcome).toBe('answered');
  });
});

describe('rate limits', () => {
  it('waits out 429s with Retry-After on interaction callbacks and answers each once', async () => {
    const harness = await start();
    const callbacks = { method: 'POST', path: /^\/interactions\/[^/]+\/[^/]+\/callback$/ };
    const bucket = harness.fake.rateLimit(callbacks, { retryAfter: 0.3, times: 5 });
    const items = await askMany(harness, 20, 'limited');
    expect(bucket.fired).toBe(5);

    const global = harness.fake.rateLimit(callbacks, { retryAfter: 0.2, global: true, times: 2 });
    const more = await askMany(harness, 10, 'global');
    expect(global.fired).toBe(2);

    expectNothingLost(harness.fake, [...items, ...more]);
    const limited = harness.fake.requests.filter((r) => r.status === 429).map((r) => r.route);
    expect(limited).toHaveLength(7);
    // Each refused callback was sent again and accepted once.
    for (const route of limited) {
      expect(harness.fake.requests.filter((r) => r.route === route).map((r) => r.status)).toEqual([429, 204]);
    }
  });

  it('waits out a 429 on command registration and registers exactly once', async () => {
    const fake = new FakeDiscord();
    await fake.start();
    try {
      const rule = fake.rateLimit({ method: 'PUT', path: /\/commands$/ }, { retryAfter: 0.3, times: 2 });
      const line = await runRegistration({ DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiBase });
      expect(line).toMatch(new RegExp(`^Registered ${commands.length} commands? globally`));
      expect(rule.fired).toBe(2);
      const puts = fake.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.status)).toEqual([429, 429, 200]);
      // Retry-After was honoured between attempts (with slack for timer granularity).
      expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(250);
      expect(fake.commands().map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    } finally {
      await fake.stop();
    }
  });
});

describe('server errors', () => {
  it('retries a 500, 502 and 503 on callbacks and answers each once', async () => {
    const harness = await start();
    const callbacks = { method: 'POST', path: /\/callback$/ };
    const rules = [500, 502, 503].map((status) => harness.fake.serverError(callbacks, { status, times: 2 }));
    const items = await askMany(harness, 12, 'errors');
    expect(rules.map((r) => r.fired)).toEqual([2, 2, 2]);
    expectNothingLost(harness.fake, items);
    const failed = harness.fake.requests.filter((r) => r.status >= 500);
    expect(failed).toHaveLength(6);
    expect(harness.logs().filter((l) => l.level >= 50)).toEqual([]);
  });

  it('retries a 500 on the edit of a deferred reply and edits once', async () => {
    const harness = await start({ defer: 'always' });
    const edit = harness.fake.serverError({ method: 'PATCH', path: /\/messages\/@original$/ }, { times: 2 });
    const items = await askMany(harness, 5, 'deferred');
    expect(edit.fired).toBe(2);
    expectNothingLost(harness.fake, items);
    for (const item of items) expect(harness.fake.interactionLog(item.id).map((e) => e.kind)).toEqual(['callback', 'edit']);
  });
});

describe('gateway', () => {
  it('resumes after a 4000 close in the middle of a burst; replayed and later questions are answered once', async () => {
    const harness = await start();
    const fake = harness.fake;
    const burst = await dispatchBurst(fake, { count: 100, windowMs: 0, afterDispatch: (i) => i === 49 && fake.closeSocket(4000) });
    await fake.waitForResumed({ timeoutMs: 10_000 });
    const after = await dispatchBurst(fake, { count: 50, windowMs: 0, label: 'after' });
    await settleAll(harness, [...burst, ...after]);

    expectNothingLost(fake, [...burst, ...after]);
    expect(fake.gatewayStats).toMatchObject({ identifies: 1, resumes: 1, resumed: 1 });
    expect(fake.connectionPaths).toEqual(['/gateway-resume']);
    expect(harness.logs().some((l) => l.msg === 'gateway resumed')).toBe(true);
  });

  it('resumes after op 7 reconnect in the middle of a burst', async () => {
    const harness = await start();
    const fake = harness.fake;
    const burst = await dispatchBurst(fake, { count: 60, windowMs: 0, afterDispatch: (i) => i === 29 && fake.sendReconnect() });
    await fake.waitForResumed({ timeoutMs: 10_000 });
    const after = await dispatchBurst(fake, { count: 20, windowMs: 0, label: 'after' });
    await settleAll(harness, [...burst, ...after]);
    expectNothingLost(fake, [...burst, ...after]);
    expect(fake.gatewayStats).toMatchObject({ identifies: 1, resumes: 1 });
  });

  it('identifies again after a 1000 close and keeps answering', async () => {
    const harness = await start();
    const fake = harness.fake;
    const before = await askMany(harness, 20, 'before');
    fake.closeSocket(1000);
    await fake.waitForReady({ count: 2, timeoutMs: 10_000 });
    const after = await askMany(harness, 20, 'after');
    expectNothingLost(fake, [...before, ...after]);
    expect(fake.gatewayStats).toMatchObject({ identifies: 2, resumes: 0 });
  });

  it('identifies again after a non-resumable invalid session (op 9) and keeps answering', async () => {
    const harness = await start();
    const fake = harness.fake;
    const before = await askMany(harness, 20, 'before');
    fake.sendInvalidSession(false);
    await fake.waitForReady({ count: 2, timeoutMs: 10_000 });
    const after = await askMany(harness, 20, 'after');
    expectNothingLost(fake, [...before, ...after]);
    expect(fake.gatewayStats).toMatchObject({ identifies: 2, resumes: 0 });
  });

  it('resumes after a resumable invalid session (op 9, d: true) and keeps answering', async () => {
    const harness = await start();
    const fake = harness.fake;
    fake.sendInvalidSession(true);
    await fake.waitForResumed({ timeoutMs: 10_000 });
    const after = await askMany(harness, 20, 'after');
    expectNothingLost(fake, after);
    expect(fake.identifyCount).toBe(1);
  });
});

describe('malformed interactions', () => {
  /** Variants of /ask that discord.js accepts but that do not match the registered command. */
  function variants(fake: FakeDiscord): Record<string, ReturnType<FakeDiscord['slashCommand']>> {
    const ask = (options: unknown[]) => fake.slashCommand({ name: 'ask', options: options as never });
    return {
      'unknown command': fake.slashCommand({ name: 'no-such-command', options: { question: QUESTION } }),
      'unknown option only': ask([{ name: 'bogus', type: 3, value: QUESTION }]),
      'unknown option beside the question': ask([
        { name: 'question', type: 3, value: QUESTION },
        { name: 'bogus', type: 3, value: 'x' },
      ]),
      'question of the wrong type': ask([{ name: 'question', type: 4, value: 42 }]),
      'question that is not text': ask([{ name: 'question', type: 3, value: { text: QUESTION } }]),
      'private of the wrong type': ask([
        { name: 'question', type: 3, value: QUESTION },
        { name: 'private', type: 3, value: 'yes' },
      ]),
      'mention of the wrong type': ask([
        { name: 'question', type: 3, value: QUESTION },
        { name: 'mention', type: 3, value: 'bob' },
      ]),
      'mention of an unresolved user': ask([
        { name: 'question', type: 3, value: QUESTION },
        { name: 'mention', type: 6, value: snowflake() },
      ]),
      'options missing': { ...fake.slashCommand({ name: 'ask' }) },
    };
  }

  it('answers each once (a notice or an error id), logs it, and answers the next question', async () => {
    const harness = await start();
    for (const [name, payload] of Object.entries(variants(harness.fake))) {
      const reply = await harness.send(payload);
      const events = reply.events;
      expect(
        events.filter((e) => e.kind === 'callback'),
        name,
      ).toHaveLength(1);
      expect(
        events.filter((e) => e.kind === 'followUp'),
        name,
      ).toHaveLength(0);
      const logged = harness.logs().filter((l) => l.interactionId === reply.interactionId);
      expect(logged.length, name).toBeGreaterThan(0);
      if (reply.handled.outcome === 'error') {
        expect(reply.ephemeral, name).toBe(true);
        expect(reply.data.content, name).toContain(reply.handled.errorId);
        expect(
          logged.some((l) => l.level === 50 && l.errorId === reply.handled.errorId),
          name,
        ).toBe(true);
      } else if (name === 'unknown command') {
        expect(reply.data.content).toBe(UNKNOWN_COMMAND);
      } else {
        // Extra or unresolvable optional options are ignored: the question is answered.
        expect(['answered', 'abstained'], name).toContain(reply.handled.outcome);
      }
      const next = await harness.ask({ question: QUESTION, user: { id: snowflake(), username: 'next' } });
      expect(next.handled.outcome, `after ${name}`).toBe('answered');
      expect(next.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
    }
    expect(harness.bot.router.pending).toBe(0);
  });

  it('answers a button press without a custom id with the "no longer works" notice', async () => {
    const harness = await start();
    const payload = harness.fake.button({ customId: 'x' });
    delete payload.data.custom_id;
    const reply = await harness.send(payload);
    expect(reply.handled.outcome).toBe('unknown-component');
    expect(reply.ephemeral).toBe(true);
  });
});
