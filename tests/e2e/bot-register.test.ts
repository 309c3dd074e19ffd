/**
 * Registering the commands with Discord (`npm run register`), against FakeDiscord.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { runRegistration } from '../../src/discord/registration.ts';
import { FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { botEnv, runScript } from '../../testkit/process.ts';

let fake: FakeDiscord;

beforeEach(async () => {
  fake = new FakeDiscord();
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

function config(extra: { DISCORD_GUILD_ID?: string; DISCORD_TOKEN?: string; DISCORD_CLIENT_ID?: string } = {}) {
  return { DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiBase, ...extra };
}

describe('npm run register', () => {
  it('registers the commands in one server when DISCORD_GUILD_ID is set, and prints what it did', async () => {
    const guild = snowflake();
    const script = runScript('src/discord/register.ts', botEnv(fake, { DISCORD_GUILD_ID: guild }));
    try {
      expect((await script.exited).code).toBe(0);
    } finally {
      await script.kill();
    }
    expect(script.stdout.trim()).toBe(`Registered 8 commands in server ${guild} (available now): /ask, /sources, /timeline, /help, Find sources, /gaps, /reload, /status`);

    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.route).toBe(`/applications/${fake.applicationId}/guilds/${guild}/commands`);
    expect(put?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(put!.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'sources', 'timeline', 'help', 'Find sources', 'gaps', 'reload', 'status']);
    const ask = put!.body[0];
    expect(ask.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 300, autocomplete: true }),
      expect.objectContaining({ name: 'source', type: 3, required: false, autocomplete: true }),
      expect.objectContaining({ name: 'private', type: 5 }),
      expect.objectContaining({ name: 'mention', type: 6 }),
    ]);
    expect(ask.options.slice(1).every((o: { required?: boolean }) => !o.required)).toBe(true);
    expect(fake.commands(guild).map((c) => c.name)).toEqual(['ask', 'sources', 'timeline', 'help', 'Find sources', 'gaps', 'reload', 'status']);
    expect(fake.commands()).toEqual([]);
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const line = await runRegistration(config());
    expect(line).toMatch(/^Registered 8 commands globally .*: \/ask, \/sources, \/timeline, \/help, Find sources, \/gaps, \/reload, \/status$/);
    expect(fake.requests.find((r) => r.method === 'PUT')?.route).toBe(`/applications/${fake.applicationId}/commands`);
    expect(fake.commands().map((c) => c.name)).toEqual(['ask', 'sources', 'timeline', 'help', 'Find sources', 'gaps', 'reload', 'status']);
  });

  it('running it again replaces the commands in place (same ids)', async () => {
    await runRegistration(config());
    const first = fake.commands().map((c) => c.id);
    await runRegistration(config());
    expect(fake.commands().map((c) => c.id)).toEqual(first);
  });

  it('names the variable to fix when Discord refuses, without repeating the token', async () => {
    const wrong = `${'x'.repeat(24)}.wrong.${'y'.repeat(27)}`;
    const refused = await runRegistration(config({ DISCORD_TOKEN: wrong })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).variable).toBe('DISCORD_TOKEN');
    expect(String(refused)).not.toContain(wrong);

    const otherApp = await runRegistration(config({ DISCORD_CLIENT_ID: snowflake() })).catch((e: unknown) => e);
    expect(otherApp).toBeInstanceOf(ConfigError);
    expect((otherApp as ConfigError).variable).toBe('DISCORD_CLIENT_ID');
    expect(String(otherApp)).not.toContain(fake.token);
  });
});
