/**
 * Security properties of the bot: the token never reaches a log line (including errors
 * discord.js builds from request data), interaction tokens in URLs neither, `.env` is
 * git-ignored, the client asks for the Guilds intent only, and moderator commands are
 * hidden by `default_member_permissions` and refused again when run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, GatewayIntentBits, HTTPError, InteractionContextType, PermissionFlagsBits, REST, RateLimitError, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/discord/bot.ts';
import { createClient } from '../src/discord/client.ts';
import { commands } from '../src/discord/commands/index.ts';
import { createLogger, type Logger } from '../src/logger.ts';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, snowflake } from '../testkit/fake-discord/index.ts';
import { BotHarness, sharedKnowledge } from './e2e/harness.ts';
import { staticKnowledge } from '../src/load/live.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function capture(secrets: string[]): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', secrets, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines };
}

describe('the token in logs', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('is redacted from errors discord.js throws with the token in their request data', async () => {
    const token = fake.token;
    const { log, lines } = capture([token]);
    const channel = snowflake();
    const rest = new REST({ version: '10', api: fake.apiBase, offset: 0, retries: 0 }).setToken(token);
    const send = (content: string) => rest.post(Routes.channelMessages(channel), { body: { content, embeds: [{ title: token }] } });

    fake.addFault({ method: 'POST', path: `/channels/${channel}/messages`, status: 400, body: { message: `Invalid Form Body near ${token}`, code: 50035 } });
    const apiError = await send(`the token is ${token}`).catch((e: unknown) => e);
    expect(apiError).toBeInstanceOf(DiscordAPIError);
    expect(JSON.stringify((apiError as DiscordAPIError).requestBody)).toContain(token);

    fake.serverError({ method: 'POST', path: `/channels/${channel}/messages` }, { status: 502 });
    const httpError = await send(token).catch((e: unknown) => e);
    expect(httpError).toBeInstanceOf(HTTPError);

    const limited = new REST({ version: '10', api: fake.apiBase, offset: 0, rejectOnRateLimit: () => true }).setToken(token);
    fake.rateLimit({ method: 'POST', path: `/channels/${channel}/messages` }, { retryAfter: 5 });
    const rateLimitError = await limited.post(Routes.channelMessages(channel), { body: { content: token } }).catch((e: unknown) => e);
    expect(rateLimitError).toBeInstanceOf(RateLimitError);

    const wrapped = new Error(`request failed for Bot ${token}`, { cause: apiError });
    log.error({ err: apiError }, 'interaction failed');
    log.error({ err: httpError }, 'interaction failed');
    log.warn({ err: rateLimitError }, 'rate limited');
    log.error({ err: wrapped, error: apiError }, `could not reply (${token})`);
    log.info({ token, headers: { authorization: `Bot ${token}` }, request: { headers: { authorization: `Bot ${token}` } } }, 'request');
    log.debug({ deep: { list: [{ value: `x${token}y` }] } }, 'deep');
    log.fatal(token);

    expect(lines).toHaveLength(7);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(() => JSON.parse(line)).not.toThrow();
    }
    // Redacted, not dropped: the errors are still there to read.
    const first = JSON.parse(lines[0]!);
    expect(first.err).toMatchObject({ type: 'DiscordAPIError', code: 50035, status: 400 });
    expect(JSON.stringify(first.err.requestBody)).toContain('[REDACTED]');
    // Every line that carried the token shows where it was (a rate limit error carries none).
    expect(lines.filter((line) => !line.includes('[REDACTED]')).map((line) => JSON.parse(line).msg)).toEqual(['rate limited']);
  });

  it('never reaches a line the running bot writes, whatever fails', async () => {
    const h = await BotHarness.start();
    try {
      const payload = h.askPayload({ question: 'why did Albania cut ties with Iran?' });
      h.fake.addFault({ method: 'POST', path: `/interactions/${payload.id}/`, status: 400, body: { message: `bad ${h.fake.token}`, code: 50035 } });
      const reply = await h.send(payload);
      expect(reply.handled.outcome).toBe('error');
      h.bot.client.emit('error', new Error(`gateway said ${h.fake.token}`));
      h.bot.client.emit('warn', `warned about ${h.fake.token}`);
      const text = h.logLines.join('');
      expect(text).not.toContain(h.fake.token);
      // The interaction token (in the failed callback's URL) is scrubbed too.
      expect(text).not.toContain(payload.token);
      expect(h.logs().filter((l) => l.level >= 40).length).toBeGreaterThanOrEqual(3);
    } finally {
      await h.stop();
    }
  });

  it('scrubs interaction and webhook tokens from URLs', () => {
    const { log, lines } = capture([]);
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OkFCQ0RFRkdISUpL';
    log.error({ url: `https://discord.com/api/v10/interactions/1234567890123456789/${interactionToken}/callback?with_response=false` }, 'a');
    log.error({ url: `https://discord.com/api/v10/webhooks/1234567890123456789/${interactionToken}/messages/%40original` }, 'b');
    expect(lines.join('')).not.toContain(interactionToken);
    expect(lines[0]).toContain('/interactions/1234567890123456789/[REDACTED]/callback');
  });
});

describe('.env', () => {
  it('is git-ignored, and .env.example is not', () => {
    const patterns = readFileSync(`${ROOT}.gitignore`, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const matches = (name: string) => patterns.some((p) => !p.startsWith('!') && new RegExp(`^/?${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(name));
    expect(matches('.env')).toBe(true);
    expect(matches('.env.example')).toBe(false);
  });
});

describe('gateway intents', () => {
  it('the client asks for the Guilds intent only, and parses no mentions by default', async () => {
    const client = createClient();
    expect(client.options.intents.bitfield).toBe(GatewayIntentBits.Guilds);
    expect(client.options.allowedMentions).toEqual({ parse: [] });
    expect(client.options.partials ?? []).toEqual([]);

    // The bot as `npm start` builds it (no client overrides but sharding).
    const bot = createBot({ knowledge: staticKnowledge(await sharedKnowledge()), logger: createLogger({ level: 'silent' }), clientOptions: { shards: 'auto' } });
    expect(bot.client.options.intents.bitfield).toBe(GatewayIntentBits.Guilds);
    expect(bot.client.options.intents.toArray()).toEqual(['Guilds']);
    await bot.client.destroy();
  });
});

/**
 * Moderator commands: the product names /reload and /gaps (Manage Server); any command
 * whose registration sets `default_member_permissions` counts as one too.
 */
const MODERATOR_COMMANDS = ['reload', 'gaps'];

function registration(name: string) {
  return commands.find((c) => c.data.name === name)?.data.toJSON();
}

const gated = commands
  .map((c) => c.data.toJSON())
  .filter((json) => MODERATOR_COMMANDS.includes(json.name) || (json.default_member_permissions ?? null) !== null)
  .map((json) => json.name);

describe('moderator commands', () => {
  it('everyone else may use every other command (no default_member_permissions)', () => {
    for (const command of commands) {
      const json = command.data.toJSON();
      if (!gated.includes(json.name)) expect(json.default_member_permissions ?? null, json.name).toBeNull();
    }
  });

  it('gates /gaps and /reload', () => {
    expect(gated).toEqual(expect.arrayContaining(['gaps', 'reload']));
  });

  for (const name of gated)
    describe(`/${name}`, () => {
      it('is registered for Manage Server only, in servers only', () => {
        const json = registration(name)!;
        expect(json.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
        // Not offered in DMs, where there are no member permissions to check.
        const guildOnly = json.contexts ? json.contexts.every((c) => c === InteractionContextType.Guild) : json.dm_permission === false;
        expect(guildOnly).toBe(true);
      });

      it('is refused at run time to a member without Manage Server, and in a DM, privately', async () => {
        const h = await BotHarness.start();
        try {
          const member = await h.send(h.fake.slashCommand({ name, permissions: DEFAULT_MEMBER_PERMISSIONS, user: { id: snowflake() } }));
          const dm = await h.send(h.fake.slashCommand({ name, guildId: null, user: { id: snowflake() } }));
          for (const refused of [member, dm]) {
            expect(refused.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
            expect(refused.ephemeral).toBe(true);
            expect(refused.handled.outcome).not.toBe('error');
          }
          expect(member.data.content).toMatch(/Manage Server/);

          const moderator = await h.send(h.fake.slashCommand({ name, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild, user: { id: snowflake() } }));
          expect(moderator.events.length).toBeGreaterThan(0);
          expect(JSON.stringify(moderator.events.map((e) => e.data))).not.toMatch(/Manage Server/);
        } finally {
          await h.stop();
        }
      });
    });
});
