/**
 * Feedback in PostgreSQL end to end: the real discord.js client and the fake Discord, the
 * store on a real server behind a proxy the test can cut. While the database is away the
 * bot answers, thanks for votes and keeps them in memory; once it is back they are written.
 * And two machines' shard slices (`npm run bot` with SHARDS and SHARD_COUNT) share one
 * database: /gaps on one shard lists what was asked on the other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresFeedback } from '../../src/feedback/postgres.ts';
import { FEEDBACK_BUSY } from '../../src/discord/commands/gaps.ts';
import { VOTE_NOT_KEPT } from '../../src/discord/components/vote.ts';
import { freshDatabase, POSTGRES_URL, type TestDatabase } from '../feedback/postgres-server.ts';
import { TcpProxy } from '../feedback/tcp-proxy.ts';
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';
import { botEnv, runNpm, type ChildScript } from '../../testkit/process.ts';

const QUESTION = 'why did Albania cut ties with Iran?';
const MANAGE_GUILD = 1n << 5n;
const PATIENCE = 120_000;

describe.runIf(POSTGRES_URL !== undefined)('feedback in PostgreSQL', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await freshDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it(
    'keeps answering while the database is away, and writes the waiting question and vote once it is back',
    async () => {
      const target = new URL(db.url);
      const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
      await proxy.start();
      const url = new URL(db.url);
      url.port = String(proxy.port);
      const store = new PostgresFeedback({ url: url.toString(), connectTimeoutMs: 500, queryTimeoutMs: 1000 });
      await store.migrate();
      const h = await BotHarness.start({ feedback: store });
      try {
        const answered = await h.ask({ question: QUESTION });
        await h.bot.ctx.feedback!.whenIdle();
        expect(await db.query('SELECT question FROM questions')).toEqual([{ question: QUESTION }]);

        await proxy.cut();
        const later = `${QUESTION} (asked while the database is away)`;
        expect((await h.ask({ question: later, user: { id: snowflake() } })).handled.outcome).toBe('answered');
        // The bot's own log, not the fake, says when the write failed: poll it.
        while (!h.logs().some((l) => l.event === 'feedback-locked')) await new Promise((resolve) => setTimeout(resolve, 20));
        const vote = await h.press(answered.buttons()['👎 #1']!, answered.message, { id: snowflake() });
        expect(vote.handled.outcome).toBe('voted-down');
        expect(vote.ephemeral).toBe(true);
        const gaps = await h.send(h.fake.slashCommand({ name: 'gaps', user: { id: snowflake(), username: 'mod' }, permissions: DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD }));
        expect(gaps.handled.outcome).toBe('feedback-busy');
        expect(gaps.data.content).toBe(FEEDBACK_BUSY);
        expect(h.bot.ctx.feedback!.stats.pending).toBeGreaterThanOrEqual(1);
        expect(await db.query('SELECT id FROM votes')).toEqual([]);

        await proxy.restore();
        await h.bot.ctx.feedback!.whenIdle();
        expect((await db.query<{ question: string }>('SELECT question FROM questions ORDER BY id')).map((r) => r.question)).toEqual([QUESTION, later]);
        expect(await db.query('SELECT vote, question FROM votes')).toEqual([{ vote: -1, question: QUESTION }]);
        expect(h.bot.ctx.feedback!.stats).toMatchObject({ dropped: 0, pending: 0 });
        expect(h.logs().some((l) => l.event === 'feedback-unlocked')).toBe(true);
      } finally {
        await h.stop();
        await store.close();
        await proxy.stop();
      }
    },
    PATIENCE,
  );

  it(
    'tells the member a vote was not kept when the memory set aside for an outage is full',
    async () => {
      const target = new URL(db.url);
      const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
      await proxy.start();
      const url = new URL(db.url);
      url.port = String(proxy.port);
      const store = new PostgresFeedback({ url: url.toString(), connectTimeoutMs: 500, queryTimeoutMs: 1000 });
      await store.migrate();
      const h = await BotHarness.start({ feedback: store, feedbackQueue: { maxPending: 1 } });
      try {
        const answered = await h.ask({ question: QUESTION });
        await h.bot.ctx.feedback!.whenIdle();
        await proxy.cut();
        // This question's record takes the one place there is.
        expect((await h.ask({ question: `${QUESTION} (again)`, user: { id: snowflake() } })).handled.outcome).toBe('answered');
        const vote = await h.press(answered.buttons()['👍 #1']!, answered.message, { id: snowflake() });
        expect(vote.handled.outcome).toBe('vote-not-kept');
        expect(vote.ephemeral).toBe(true);
        expect(vote.data.content).toBe(VOTE_NOT_KEPT);
        await proxy.restore();
        await h.bot.ctx.feedback!.whenIdle();
        expect(await db.query('SELECT id FROM votes')).toEqual([]);
        expect(await db.query('SELECT id FROM questions')).toHaveLength(2);
      } finally {
        await h.stop();
        await store.close();
        await proxy.stop();
      }
    },
    PATIENCE,
  );

  it(
    'is shared by two shard slices on two machines: /gaps on one lists what was asked on the other',
    async () => {
      const fake = new FakeDiscord({ shards: 2 });
      await fake.start();
      const slices: ChildScript[] = [];
      try {
        for (const shard of ['0', '1']) {
          const slice = runNpm('bot', botEnv(fake, { SHARDS: shard, SHARD_COUNT: '2', DATABASE_URL: db.url, DISCORD_CLIENT_ID: '' }));
          slices.push(slice);
          await slice.waitForOutput(/connected to Discord/);
        }
        // Each machine identified its own slice of the two shards.
        await fake.waitForGatewayPayload((p) => p.op === 2 && p.d.shard[0] === 0 && p.d.shard[1] === 2, PATIENCE);
        await fake.waitForGatewayPayload((p) => p.op === 2 && p.d.shard[0] === 1 && p.d.shard[1] === 2, PATIENCE);
        const offTopic = 'who won the 1998 football world cup final?';
        const asked = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: offTopic } }), { shard: 0 });
        expect((await fake.waitForResponse(asked.id, PATIENCE)).callbackType).toBe(4);
        // Written after the reply: wait for it to be in the shared database.
        while ((await db.query('SELECT question FROM questions')).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        const gaps = fake.sendInteraction(fake.slashCommand({ name: 'gaps', user: { id: snowflake(), username: 'mod' }, permissions: DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD }), {
          shard: 1,
        });
        const reply = await fake.waitForResponse(gaps.id, PATIENCE);
        expect(JSON.stringify(reply.data)).toContain(offTopic);
        const schema = await db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
        expect(schema).toEqual([{ value: '2' }]);
        for (const slice of slices) expect(slice.logs().some((l) => l.msg === 'feedback database open')).toBe(true);
      } finally {
        for (const slice of slices) await slice.kill();
        await fake.stop();
      }
    },
    PATIENCE,
  );
});
