/**
 * `npm start` with a token, as a real process against FakeDiscord: it survives a
 * malformed interaction, finishes replies in flight on SIGTERM and never prints the token.
 */
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { fakeDiscordPerTest } from './per-test.ts';
import { botEnv, runScript, type ChildScript } from '../../testkit/process.ts';

let fake: FakeDiscord;
const track = fakeDiscordPerTest((started) => (fake = started));

function run(file: string, extra: Record<string, string> = {}): ChildScript {
  const script = runScript(file, botEnv(fake, extra));
  track(script);
  return script;
}

function askPayload(question: string) {
  return fake.slashCommand({ name: 'ask', options: { question } });
}

describe('npm start with a token', () => {
  it('survives a malformed interaction, answers, finishes a reply in flight on SIGTERM and exits 0, never logging the token', async () => {
    // No DISCORD_CLIENT_ID: the application id comes from Discord once connected.
    const bot = run('src/main.ts', { DISCORD_CLIENT_ID: '' });
    await fake.waitForReady({ timeoutMs: 20_000 });
    await bot.waitForOutput(/connected to Discord/);
    const identify = await fake.waitForGatewayPayload((p) => p.op === 2);
    expect(identify.d.intents).toBe(1); // Guilds only

    // A payload discord.js cannot parse (a required field missing): it throws inside the
    // client's socket handler, which surfaces as an unhandled rejection.
    const { entitlements: _dropped, ...malformed } = askPayload('why?');
    fake.dispatch('INTERACTION_CREATE', malformed);

    const first = fake.sendInteraction(askPayload('why did Albania cut ties with Iran?'));
    const answered = await fake.waitForResponse(first.id, 10_000);
    expect(answered.callbackType).toBe(4);
    expect(answered.data.embeds.length).toBeGreaterThan(0);
    expect(answered.data.allowed_mentions).toEqual({ parse: [] });

    // Hold the next reply in flight with a rate limit, then ask the bot to stop.
    const payload = askPayload('what happened on July 15?');
    const limit = fake.rateLimit({ method: 'POST', path: `/interactions/${payload.id}/` }, { retryAfter: 0.2 });
    fake.sendInteraction(payload);
    await fake.waitUntil(() => limit.fired >= 1, { timeoutMs: 10_000 });
    bot.child.kill('SIGTERM');

    expect(await bot.exited).toEqual({ code: 0, signal: null });
    const late = fake.interactionLog(payload.id).find((e) => e.kind === 'callback');
    expect(late?.callbackType).toBe(4);

    const logs = bot.logs();
    expect(logs.some((l) => l.msg === 'interaction' && l.command === 'ask' && l.outcome === 'answered')).toBe(true);
    expect(logs.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
    expect(logs.some((l) => l.level === 50 && /unhandled promise rejection/.test(String(l.msg)))).toBe(true);
    expect(bot.stderr + bot.stdout).not.toContain(fake.token);
  });
});
