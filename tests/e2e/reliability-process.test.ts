/**
 * Reliability of `npm start` with a token, as a real process against FakeDiscord:
 * interactions discord.js cannot even build, SIGTERM with replies in flight, and a token
 * Discord refuses (at login or while running). The token never reaches the output.
 */
import { describe, expect, it } from 'vitest';
import { SHUTTING_DOWN } from '../../src/discord/router.ts';
import { askPayload, lossReport, type BurstItem } from '../../testkit/burst.ts';
import { FakeDiscord, snowflake, type FaultRule, type Json } from '../../testkit/fake-discord/index.ts';
import { botEnv, runScript, type ChildScript } from '../../testkit/process.ts';

const QUESTION = 'why did Albania cut ties with Iran?';
/** Shaped like a bot token (passes configuration checks) but not the fake's. */
const WRONG_TOKEN = `${'x'.repeat(24)}.wrong.${'y'.repeat(27)}`;

/** A fresh FakeDiscord per test, and the bot processes run against it (all stopped when the test ends). */
class Scene {
  readonly running: ChildScript[] = [];
  constructor(readonly fake: FakeDiscord) {}

  static async open(onFinished: (fn: () => Promise<void>) => void): Promise<Scene> {
    const fake = new FakeDiscord();
    await fake.start();
    const scene = new Scene(fake);
    onFinished(async () => {
      for (const script of scene.running.splice(0)) await script.kill();
      await fake.stop();
    });
    return scene;
  }

  startBot(extra: Record<string, string> = {}): ChildScript {
    const script = runScript('src/main.ts', botEnv(this.fake, extra));
    this.running.push(script);
    return script;
  }

  async startConnected(): Promise<ChildScript> {
    const bot = this.startBot();
    await this.fake.waitForReady({ timeoutMs: 20_000 });
    await bot.waitForOutput(/connected to Discord/);
    return bot;
  }

  /** Sends one /ask from a new member; `hold` keeps its reply in flight with a 429 on its callback only. */
  ask(question: string, hold?: { retryAfter: number }): { item: BurstItem; fault?: FaultRule } {
    const fake = this.fake;
    const payload = askPayload(fake, question, { id: snowflake(), username: 'member' });
    const fault = hold
      ? fake.addFault({
          method: 'POST',
          path: `/interactions/${payload.id}/`,
          status: 429,
          headers: { 'Retry-After': String(hold.retryAfter) },
          body: { message: 'You are being rate limited.', retry_after: hold.retryAfter, global: false },
        })
      : undefined;
    const { id, token } = fake.sendInteraction(payload);
    return { item: { id, token, question, userId: payload.member.user.id, dispatchedAt: performance.now() }, ...(fault ? { fault } : {}) };
  }

  expectOutputClean(script: ChildScript, ...secrets: string[]): void {
    for (const secret of [this.fake.token, ...secrets]) {
      expect(script.stdout).not.toContain(secret);
      expect(script.stderr).not.toContain(secret);
    }
  }
}

/** Resolves with the exit, or 'still running' if the process has not exited within `ms`. */
async function exitWithin(script: ChildScript, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  try {
    return await Promise.race([script.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('malformed interactions', () => {
  it('answers an interaction discord.js cannot build with a private error, stays up and answers the next question once', async ({ onTestFinished }) => {
    const scene = await Scene.open(onTestFinished);
    const fake = scene.fake;
    const bot = await scene.startConnected();
    const base = () => askPayload(fake, QUESTION, { id: snowflake(), username: 'member' });
    const withoutData = base();
    delete withoutData.data;
    const withoutMember = base();
    delete withoutMember.member;
    const buttonWithoutMessage: Json = fake.button({ customId: 'more:1:3:abc' });
    delete buttonWithoutMessage.message;

    const answered: BurstItem[] = [];
    for (const payload of [withoutData, withoutMember, buttonWithoutMessage]) {
      fake.registerInteraction(payload);
      fake.dispatch('INTERACTION_CREATE', payload);
      const next = scene.ask(`${QUESTION} #${answered.length}`);
      await fake.waitForResponse(next.item.id, 10_000);
      answered.push(next.item);
    }

    expect(lossReport(fake, answered)).toMatchObject({ answered: 3, missing: [], doubled: [] });
    // The unreadable ones got one private "something went wrong (id)" each, pinging nobody.
    for (const payload of [withoutData, withoutMember, buttonWithoutMessage]) {
      const reply = await fake.waitForResponse(String(payload.id), 5000);
      expect(reply.callbackType).toBe(4);
      expect(reply.content).toMatch(/^Sorry, something went wrong \(error id `[0-9a-f]+`\)/);
      expect(Number((reply.data as { flags?: number }).flags) & 64).toBe(64);
      expect((reply.data as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
      expect(fake.interactionLog(String(payload.id)).filter((e) => e.kind === 'callback')).toHaveLength(1);
    }
    expect(bot.child.exitCode).toBeNull();
    const rejections = bot.logs().filter((l) => l.level === 50 && /unhandled promise rejection/.test(String(l.msg)));
    expect(rejections).toHaveLength(3);
    scene.expectOutputClean(bot);
  });
});

describe('shutdown', () => {
  it('on SIGTERM finishes the replies in flight, tells late askers to retry, disconnects and exits 0 within 5 s', async ({ onTestFinished }) => {
    const scene = await Scene.open(onTestFinished);
    const fake = scene.fake;
    const bot = await scene.startConnected();
    const inFlight = Array.from({ length: 10 }, (_, i) => scene.ask(`${QUESTION} #${i}`, { retryAfter: 1 }));
    await fake.waitUntil(() => inFlight.every((q) => q.fault!.fired === 1), { timeoutMs: 10_000, description: 'replies held in flight' });

    bot.child.kill('SIGTERM');
    await bot.waitForOutput(/"msg":"shutting down"/);
    // Asked while the bot is draining, and its notice held in flight too.
    const late = scene.ask(`${QUESTION} late`, { retryAfter: 1.5 });
    await fake.waitUntil(() => late.fault!.fired === 1, { timeoutMs: 5000, description: 'the late notice in flight' });

    // Waiting is generous, so a busy machine cannot fail it; the 5 s is then checked on the bot's own clock,
    // from its "shutting down" to its "stopped" (the drain alone may take the whole 4 s grace).
    expect(await exitWithin(bot, 20_000)).toEqual({ code: 0, signal: null });
    expect(
      lossReport(
        fake,
        inFlight.map((q) => q.item),
      ),
    ).toMatchObject({ answered: 10, missing: [], doubled: [], failed: [] });
    const notice = fake.interactionLog(late.item.id);
    expect(notice.map((e) => [e.kind, e.callbackType, e.content])).toEqual([['callback', 4, SHUTTING_DOWN]]);

    const logs = bot.logs();
    expect(logs.some((l) => l.msg === 'shutting down with replies still in flight')).toBe(false);
    // Logged once the client was destroyed, right before exiting.
    expect(logs.at(-1)).toMatchObject({ msg: 'stopped' });
    const shuttingDown = logs.find((l) => l.msg === 'shutting down')!;
    expect(Number(logs.at(-1)!.time) - Number(shuttingDown.time)).toBeLessThan(5000);
    expect(fake.connectionPaths).toEqual([]);
    scene.expectOutputClean(bot);
  });
});

describe('a token Discord refuses', () => {
  it('exits non-zero saying the token is invalid when IDENTIFY is closed with 4004', async ({ onTestFinished }) => {
    const scene = await Scene.open(onTestFinished);
    const fake = scene.fake;
    // Let /gateway/bot through so the client reaches IDENTIFY with the wrong token.
    fake.addFault({
      path: /^\/gateway\/bot$/,
      status: 200,
      body: { url: fake.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
    });
    const bot = scene.startBot({ DISCORD_TOKEN: WRONG_TOKEN });
    const exit = await exitWithin(bot, 25_000);
    expect(exit).not.toBe('still running');
    expect(exit).toMatchObject({ code: 78 });
    expect(fake.identifyCount).toBe(1);
    expect(bot.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
    expect(bot.stderr).not.toMatch(/Unexpected error|\n\s+at /);
    scene.expectOutputClean(bot, WRONG_TOKEN);
  });

  it('exits non-zero saying the token is invalid when /gateway/bot answers 401', async ({ onTestFinished }) => {
    const scene = await Scene.open(onTestFinished);
    const bot = scene.startBot({ DISCORD_TOKEN: WRONG_TOKEN });
    const exit = await exitWithin(bot, 25_000);
    expect(exit).not.toBe('still running');
    expect(exit).toMatchObject({ code: 78 });
    expect(scene.fake.requests.find((r) => r.route === '/gateway/bot')?.status).toBe(401);
    expect(scene.fake.identifyCount).toBe(0);
    expect(bot.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
    scene.expectOutputClean(bot, WRONG_TOKEN);
  });

  it('exits non-zero when Discord closes a running session with 4004 (token reset), instead of idling disconnected', async ({ onTestFinished }) => {
    const scene = await Scene.open(onTestFinished);
    const bot = await scene.startConnected();
    scene.fake.closeSocket(4004);
    const exit = await exitWithin(bot, 15_000);
    expect(exit).not.toBe('still running');
    expect(exit).toMatchObject({ code: 78 });
    expect(bot.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
    scene.expectOutputClean(bot);
  });
});
