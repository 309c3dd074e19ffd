/**
 * The production start (`npm run bot`, compiled JavaScript run by node, and its shard
 * manager) as a supervisor runs it: a signal to the whole process group, or to npm alone,
 * lets the reply in flight finish, and leaves no process behind.
 */
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { fakeDiscordPerTest } from './per-test.ts';
import { botEnv, runNpm, waitForGroupGone } from '../../testkit/process.ts';

let fake: FakeDiscord;
const track = fakeDiscordPerTest((started) => (fake = started));
/** Starting node processes on a loaded 2-core machine is slow: a bound so a hung test ends, never a measure. */
const PATIENCE = 120_000;

function npm(script: string, extra: Record<string, string> = {}) {
  // No DISCORD_CLIENT_ID: the bot takes its application id from Discord.
  const run = runNpm(script, botEnv(fake, { DISCORD_CLIENT_ID: '', ...extra }));
  track(run);
  return run;
}

function ask(question: string) {
  return fake.slashCommand({ name: 'ask', options: { question } });
}

/** Sends a question whose reply the fake holds back with a rate limit, and resolves once the bot is waiting on it. */
async function replyInFlight(): Promise<string> {
  const payload = ask('what happened on July 15?');
  const limit = fake.rateLimit({ method: 'POST', path: `/interactions/${payload.id}/` }, { retryAfter: 0.3 });
  fake.sendInteraction(payload);
  await fake.waitUntil(() => limit.fired >= 1, { timeoutMs: PATIENCE });
  return payload.id;
}

describe('npm start with a token', () => {
  it.each([
    ['the process group', 'group'],
    ['npm alone', 'leader'],
  ] as const)(
    'on SIGTERM to %s, finishes the reply in flight, exits 0 and leaves no process behind',
    async (_, target) => {
      const bot = npm('start');
      await bot.waitForOutput(/connected to Discord/);
      const held = await replyInFlight();
      if (target === 'group') bot.signalGroup('SIGTERM');
      else bot.signalLeader('SIGTERM');
      await waitForGroupGone(bot.child.pid!);
      await bot.exited;

      expect(fake.interactionLog(held).find((e) => e.kind === 'callback')?.callbackType).toBe(4);
      expect(bot.logs().some((l) => l.msg === 'stopped')).toBe(true);
    },
    PATIENCE,
  );
});

describe('npm run bot', () => {
  it('refuses to start without DISCORD_TOKEN, with exit status 78 naming it', async () => {
    const bot = npm('bot', { DISCORD_TOKEN: '' });
    const exit = await bot.exited;
    expect(exit.code).toBe(78);
    expect(bot.stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(bot.stdout).not.toMatch(/running locally/);
  });

  it.each([
    ['the process group', 'group'],
    ['npm alone', 'leader'],
  ] as const)(
    'on SIGTERM to %s, finishes the reply in flight, exits 0 and leaves no process behind',
    async (_, target) => {
      const bot = npm('bot');
      await bot.waitForOutput(/connected to Discord/);
      const first = fake.sendInteraction(ask('why did Albania cut ties with Iran?'));
      expect((await fake.waitForResponse(first.id, PATIENCE)).callbackType).toBe(4);

      const held = await replyInFlight();
      if (target === 'group') bot.signalGroup('SIGTERM');
      else bot.signalLeader('SIGTERM');
      await waitForGroupGone(bot.child.pid!);
      await bot.exited;

      expect(fake.interactionLog(held).find((e) => e.kind === 'callback')?.callbackType).toBe(4);
      const logs = bot.logs();
      expect(logs.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
      expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
      expect(bot.stderr + bot.stdout).not.toContain(fake.token);
    },
    PATIENCE,
  );
});

describe('npm run bot:sharded', () => {
  it(
    'runs only the shards SHARDS names, out of SHARD_COUNT in all',
    async () => {
      const manager = npm('bot:sharded', { SHARD_COUNT: '3', SHARDS: '1-2' });
      await manager.waitForOutput(/"shards":\[1\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[1\]/);
      await manager.waitForOutput(/"shards":\[2\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[2\]/);
      const identified = await Promise.all([1, 2].map((id) => fake.waitForGatewayPayload((p) => p.op === 2 && p.d.shard[0] === id, PATIENCE)));
      expect(identified.map((p) => p.d.shard)).toEqual([
        [1, 3],
        [2, 3],
      ]);
      expect(
        manager
          .logs()
          .filter((l) => l.msg === 'shard launched')
          .map((l) => l.shard),
      ).toEqual([1, 2]);
    },
    PATIENCE,
  );

  it.each([
    ['the process group', 'group'],
    ['npm alone', 'leader'],
  ] as const)(
    'on SIGTERM to %s, every shard finishes and exits 0, and no process is left',
    async (_, target) => {
      const manager = npm('bot:sharded', { SHARD_COUNT: '2' });
      await manager.waitForOutput(/"shards":\[0\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[0\]/);
      await manager.waitForOutput(/"shards":\[1\][^\n]*connected to Discord|connected to Discord[^\n]*"shards":\[1\]/);

      const held = await replyInFlight();
      if (target === 'group') manager.signalGroup('SIGTERM');
      else manager.signalLeader('SIGTERM');
      await waitForGroupGone(manager.child.pid!);
      await manager.exited;

      expect(fake.interactionLog(held).find((e) => e.kind === 'callback')?.callbackType).toBe(4);
      const stopped = manager.logs().filter((l) => l.msg === 'stopped');
      expect(stopped).toHaveLength(2);
      expect(manager.stderr + manager.stdout).not.toContain(fake.token);
    },
    PATIENCE,
  );
});
