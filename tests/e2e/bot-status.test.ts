/**
 * `/status` through the fake Discord: a moderator sees, privately, the version, uptime,
 * shard and gateway, the knowledge, the last reload and the questions of the last 24 hours.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { createLogger } from '../../src/logger.ts';
import { LiveKnowledge } from '../../src/load/live.ts';
import { DEFAULT_MEMBER_PERMISSIONS, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANAGE_GUILD = 1n << 5n;
const MODERATOR = { id: snowflake(), username: 'mod' };
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let live: LiveKnowledge;
let h: BotHarness;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'factdesk-status-'));
  cpSync(path.join(ROOT, 'knowledge'), path.join(dir, 'knowledge'), { recursive: true });
  const logger = createLogger({ level: 'silent' });
  live = await LiveKnowledge.open({ dir: path.join(dir, 'knowledge'), load: (d) => loadKnowledge(d), logger });
  h = await BotHarness.start({ knowledge: live });
});

afterAll(async () => {
  await h.stop();
  live.close();
  rmSync(dir, { recursive: true, force: true });
});

function field(embed: { fields: Array<{ name: string; value: string }> }, name: RegExp): string {
  return embed.fields.find((f) => name.test(f.name))?.value ?? '';
}

describe('/status', () => {
  it('shows a moderator, privately and pinging nobody, what the bot runs and what it answered', async () => {
    const answered = await h.send(h.askPayload({ question: 'why did Albania cut ties with Iran?' }));
    expect(answered.handled.outcome).toBe('answered');
    const abstained = await h.send(h.askPayload({ question: 'who won the 1998 football world cup final?' }));
    expect(abstained.handled.outcome).toBe('abstained');
    await live.reload({ trigger: 'test' });

    const reply = await h.send(h.fake.slashCommand({ name: 'status', user: MODERATOR, permissions: DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD }));
    expect(reply.handled.outcome).toBe('shown');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = reply.data.embeds;
    const sources = live.current.engine.sources();
    expect(field(embed, /^Version$/)).toBe(VERSION);
    expect(field(embed, /^Uptime$/)).toMatch(/^\d+ (s|min|h \d+ min|d \d+ h)$/);
    expect(field(embed, /^Shard$/)).toBe('0');
    expect(field(embed, /^Gateway$/)).toMatch(/^connected, ping/);
    expect(field(embed, /^Knowledge$/)).toBe(`${sources.length} article, ${sources.reduce((n, s) => n + s.sentences, 0)} sentences`);
    expect(field(embed, /^Last reload$/)).toMatch(/^reloaded <t:\d+:R>$/);
    expect(field(embed, /^Last 24 hours/)).toBe('1 question answered, 1 not covered by the sources');
    expect(field(embed, /^Feedback$/)).toMatch(/^(SQLite|off)/);
  });

  it('refuses a member without Manage Server', async () => {
    const reply = await h.send(h.fake.slashCommand({ name: 'status', user: { id: snowflake(), username: 'member' }, permissions: DEFAULT_MEMBER_PERMISSIONS }));
    expect(reply.handled.outcome).toBe('forbidden');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.embeds ?? []).toEqual([]);
  });
});
