/**
 * The feedback database is shared with other processes (shards, a purge run by hand). When
 * one of them holds its write lock, replies must not wait: the bot answers first and
 * records after, and a record that cannot be written yet waits in memory (or is dropped,
 * counted and logged), never a reply. Through the real discord.js client against
 * FakeDiscord enforcing Discord's 3-second rule.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../src/feedback/sqlite.ts';
import { FeedbackStore } from '../../src/feedback/store.ts';
import { FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';
import { ROOT } from '../../testkit/process.ts';

const QUESTION = 'why did Albania cut ties with Iran?';

let dir: string;
let store: FeedbackStore;
let h: BotHarness;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'factdesk-locked-'));
  store = FeedbackStore.open(dir);
  const fake = new FakeDiscord({ interactionDeadlineMs: 3000 });
  await fake.start();
  h = await BotHarness.start({ fake, feedback: store });
});

afterEach(async () => {
  holder?.kill();
  holder = undefined;
  await h?.stop();
  await h?.fake.stop();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a process that holds the database's write lock until `release()`. */
async function lockDatabase(file: string): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/feedback/lock-holder.ts'), file], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  holder = child;
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code} before locking`)));
  });
  return {
    async release() {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

describe('feedback store locked by another process', () => {
  it('answers every /ask, /sources and vote within 3 s while the lock is held', async () => {
    const answered = await h.ask({ question: QUESTION });
    const downvote = answered.buttons()['👎 #1']!;
    const lock = await lockDatabase(store.file);
    try {
      const payloads = [
        ...Array.from({ length: 12 }, (_, i) => h.askPayload({ question: `${QUESTION} #${i}`, user: { id: snowflake() } })),
        ...Array.from({ length: 6 }, () => h.fake.slashCommand({ name: 'sources', user: { id: snowflake() } })),
        ...Array.from({ length: 6 }, () => h.fake.button({ customId: downvote, message: answered.message, user: { id: snowflake() } })),
      ];
      const ids = payloads.map((p) => h.fake.sendInteraction(p).id);
      const handled = await Promise.all(ids.map((id) => h.settled(id)));
      expect(handled.map((x) => x.outcome).filter((o) => o === 'too-late' || o === 'error')).toEqual([]);
      for (const id of ids) {
        const callbacks = h.fake.interactionLog(id).filter((e) => e.kind === 'callback');
        expect(callbacks, `interaction ${id}`).toHaveLength(1);
      }
      // Discord's 404 "Unknown interaction" is what a reply later than 3 s gets.
      expect(h.fake.requests.filter((r) => r.status === 404)).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it('writes what waited once the lock is released, and logs that it waited', async () => {
    const answered = await h.ask({ question: QUESTION });
    const lock = await lockDatabase(store.file);
    const asked = Array.from({ length: 5 }, (_, i) => `${QUESTION} (${i})`);
    try {
      for (const question of asked) expect((await h.ask({ question, user: { id: snowflake() } })).handled.outcome).toBe('answered');
      const vote = await h.press(answered.buttons()['👎 #1']!, answered.message, { id: snowflake() });
      expect(vote.handled.outcome).toBe('voted-down');
      await h.fake.waitUntil(() => h.logs().some((l) => l.event === 'feedback-locked'), { description: 'the locked-database log line' });
    } finally {
      await lock.release();
    }
    await h.bot.ctx.feedback!.whenIdle();
    const db = new SqliteDatabase(store.file, { readonly: true });
    try {
      const questions = (db.prepare('SELECT question FROM questions').all() as Array<{ question: string }>).map((q) => q.question);
      expect(questions).toEqual(expect.arrayContaining(asked));
      expect(db.prepare('SELECT COUNT(*) AS n FROM votes').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    expect(h.bot.ctx.feedback!.stats).toMatchObject({ dropped: 0, pending: 0 });
    expect(h.logs().some((l) => l.event === 'feedback-unlocked')).toBe(true);
  });
});
