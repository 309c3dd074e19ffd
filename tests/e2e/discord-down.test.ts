/**
 * When Discord answers 5xx (an outage), `npm start` and the shard manager say so in one
 * clear line and try again with a growing delay until Discord is back; `npm run register`
 * says so and exits 1. None prints a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { fakeDiscordPerTest } from './per-test.ts';
import { botEnv, runScript, type ChildScript } from '../../testkit/process.ts';

let fake: FakeDiscord;
const track = fakeDiscordPerTest((started) => (fake = started));

function run(file: string, extra: Record<string, string> = {}): ChildScript {
  const script = runScript(file, botEnv(fake, extra));
  track(script);
  return script;
}

function expectClearMessage(script: ChildScript, status: number): void {
  expect(script.stderr).toMatch(new RegExp(`Discord answered ${status}`));
  expect(script.stderr).toMatch(/try again/i);
  expect(script.stderr).not.toMatch(/Unexpected error|\n\s+at /);
  expect(script.stderr + script.stdout).not.toContain(fake.token);
}

describe('Discord answering 5xx', () => {
  it('npm start says Discord is unavailable, tries again, and connects once it is back', async () => {
    fake.serverError({ method: 'GET', path: '/gateway/bot' }, { status: 503, times: Infinity });
    const bot = run('src/main.ts');
    await bot.waitForOutput(/Trying again in \d+ s \(attempt 1\)/);
    expectClearMessage(bot, 503);
    fake.clearFaults();
    await bot.waitForOutput(/connected to Discord/);
    expect(bot.child.exitCode).toBeNull();
  });

  it('npm start says Discord cannot be reached when nothing answers, and keeps trying', async () => {
    const closed = new FakeDiscord();
    await closed.start();
    const unreachable = closed.apiBase;
    await closed.stop();
    const bot = run('src/main.ts', { DISCORD_API_URL: unreachable });
    await bot.waitForOutput(/Could not reach Discord \(ECONNREFUSED\) while connecting[^\n]*Trying again in \d+ s \(attempt 1\)/);
    await bot.waitForOutput(/\(attempt 2\)/);
    expect(bot.child.exitCode).toBeNull();
    expect(bot.stderr).not.toMatch(/Unexpected error|\n\s+at /);
    expect(bot.stderr + bot.stdout).not.toContain(fake.token);
  }, 120_000);

  it('npm run register says Discord is unavailable and exits 1, without a stack trace', async () => {
    fake.serverError({ method: 'PUT', path: /commands$/ }, { status: 502, times: Infinity });
    const script = run('src/discord/register.ts');
    expect((await script.exited).code).toBe(1);
    expectClearMessage(script, 502);
  });

  it('npm run start:sharded says so too when asking for the shard count, and tries again', async () => {
    fake.serverError({ method: 'GET', path: '/gateway/bot' }, { status: 500, times: Infinity });
    const manager = run('src/discord/shard.ts');
    await manager.waitForOutput(/Trying again in \d+ s \(attempt 1\)/);
    expectClearMessage(manager, 500);
    fake.clearFaults();
    await manager.waitForOutput(/connected to Discord/);
  }, 120_000);
});
