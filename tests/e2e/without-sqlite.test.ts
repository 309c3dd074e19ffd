/**
 * An install where better-sqlite3 could not be built (no prebuilt binary, no compiler):
 * the console answers as ever, and the bot runs with feedback off, saying so and how to fix it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { fakeDiscordPerTest } from './per-test.ts';
import { botEnv, ChildScript, ROOT } from '../../testkit/process.ts';

const PRELOAD = path.join(ROOT, 'tests', 'e2e', 'without-sqlite.cjs');
let fake: FakeDiscord;
const track = fakeDiscordPerTest((started) => (fake = started));

function runWithoutSqlite(env: Record<string, string>, input?: string): ChildScript {
  const child = spawn(process.execPath, ['--require', PRELOAD, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  const script = new ChildScript(child);
  track(script);
  return script;
}

describe('without better-sqlite3', () => {
  it('the console mode answers questions', async () => {
    const consoleMode = runWithoutSqlite(botEnv(fake, { DISCORD_TOKEN: '' }), 'Why did Albania cut diplomatic ties with Iran?\n');
    expect((await consoleMode.exited).code).toBe(0);
    expect(consoleMode.stdout).toContain('Albania cut diplomatic relations with Iran');
  });

  it('the bot answers with feedback off, saying why and how to fix it', async () => {
    const bot = runWithoutSqlite(botEnv(fake));
    await bot.waitForOutput(/connected to Discord/);
    expect(bot.stderr).toMatch(/better-sqlite3 is not installed or could not be built[^\n]*feedback \(👍\/👎 and \/gaps\) is off[^\n]*npm rebuild better-sqlite3/);
    expect(bot.logs().find((l) => l.msg === 'connected to Discord')?.feedback).toBe('off');
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: 'why did Albania cut ties with Iran?' } }));
    const reply = await fake.waitForResponse(id, 30_000);
    expect(reply.callbackType).toBe(4);
    // No 👍/👎 buttons when nothing could record them.
    expect(JSON.stringify(reply.data.components ?? [])).not.toMatch(/👍|👎/);
  });
});
