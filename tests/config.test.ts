import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireBotConfig, requireToken } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789';

describe('configuration', () => {
  it('uses defaults for an empty environment (console mode)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ KNOWLEDGE_DIR: 'knowledge', DATA_DIR: 'data', LOG_LEVEL: 'info', COOLDOWN_QUESTIONS: 5, COOLDOWN_SECONDS: 30 });
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ' }).DISCORD_TOKEN).toBeUndefined();
  });

  it.each([
    ['DISCORD_CLIENT_ID', 'abc'],
    ['DISCORD_GUILD_ID', '12'],
    ['DISCORD_API_URL', 'ftp://x'],
    ['LOG_LEVEL', 'verbose'],
    ['COOLDOWN_SECONDS', '0'],
    ['SHARD_COUNT', 'many'],
    ['MIN_COVERAGE', '2'],
    ['MIN_CONFIDENCE', '-0.5'],
    ['SHARDS', '0-x'],
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'eighty'],
    ['HTTP_HOST', 'a host'],
    ['DATABASE_URL', 'mysql://db/factdesk'],
  ])('names %s when its value is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Environment variable ${name} `));
  });

  it('never echoes a malformed token', () => {
    const bad = 'secret token with spaces that is long enough';
    try {
      loadConfig({ DISCORD_TOKEN: bad });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('DISCORD_TOKEN');
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it.each([
    [`Bot ${TOKEN}`, /without the "Bot " prefix/],
    [`"${TOKEN}"`, /without quotes/],
    [`'${TOKEN}'`, /without quotes/],
  ])('gives a hint for a token pasted as %#, without echoing it', (pasted, hint) => {
    expect(() => loadConfig({ DISCORD_TOKEN: pasted })).toThrow(hint);
    try {
      loadConfig({ DISCORD_TOKEN: pasted });
    } catch (error) {
      expect((error as Error).message).toMatch(/^Environment variable DISCORD_TOKEN /);
      expect((error as Error).message).not.toContain(TOKEN);
    }
  });

  it('reads a shard slice as ids out of a total, and refuses one beyond it or without a total', () => {
    expect(loadConfig({ SHARDS: '0-3', SHARD_COUNT: '8' }).SHARDS).toEqual([0, 1, 2, 3]);
    expect(loadConfig({ SHARDS: '4,5, 6', SHARD_COUNT: '8' }).SHARDS).toEqual([4, 5, 6]);
    expect(loadConfig({ SHARDS: '0-1,5', SHARD_COUNT: '8' }).SHARDS).toEqual([0, 1, 5]);
    expect(() => loadConfig({ SHARDS: '6-9', SHARD_COUNT: '8' })).toThrow(/^Environment variable SHARDS lists shard 8, but SHARD_COUNT is 8/);
    expect(() => loadConfig({ SHARDS: '0-3' })).toThrow(/^Environment variable SHARD_COUNT must be the total/);
  });

  it('binds the health and metrics port to loopback unless told otherwise', () => {
    expect(loadConfig({ HTTP_PORT: '9100' })).toMatchObject({ HTTP_PORT: 9100, HTTP_HOST: '127.0.0.1' });
    expect(loadConfig({ HTTP_PORT: '9100', HTTP_HOST: '0.0.0.0' }).HTTP_HOST).toBe('0.0.0.0');
    expect(loadConfig({}).HTTP_PORT).toBeUndefined();
  });

  it('runs the bot with a token alone: the application id is needed only to register commands', () => {
    expect(requireToken(loadConfig({ DISCORD_TOKEN: TOKEN })).DISCORD_TOKEN).toBe(TOKEN);
    expect(() => requireToken(loadConfig({}))).toThrow(/^Environment variable DISCORD_TOKEN is required/);
  });

  it('requires the application id next to a token to register commands', () => {
    expect(() => requireBotConfig(loadConfig({ DISCORD_TOKEN: TOKEN }))).toThrow(/DISCORD_CLIENT_ID/);
    expect(requireBotConfig(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '123456789012345678' })).DISCORD_TOKEN).toBe(TOKEN);
  });
});

describe('.env.example', () => {
  it('documents every variable the configuration reads, with values that pass as they are', () => {
    const example = parseDotenv(readFileSync(new URL('../.env.example', import.meta.url)));
    expect(() => loadConfig(example)).not.toThrow();
    expect(Object.keys(example).sort()).toEqual(Object.keys(loadConfig({ ...example, DISCORD_TOKEN: TOKEN, SHARD_COUNT: '2', SHARDS: '0' })).sort());
  });
});

describe('logger', () => {
  it('scrubs the token from every line, wherever it appears', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: sink });
    log.info({ headers: { authorization: `Bot ${TOKEN}` } }, 'request');
    log.error({ err: new Error(`401 for token ${TOKEN}`) }, `failed with ${TOKEN}`);
    log.info({ nested: { deeper: [TOKEN] } }, 'nested');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(TOKEN);
    expect(lines.join('')).toContain('[REDACTED]');
  });
});
