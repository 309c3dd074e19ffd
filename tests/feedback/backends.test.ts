/**
 * The feedback store's behaviour, the same on SQLite (the default, one file) and on
 * PostgreSQL (DATABASE_URL): one suite, run against each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteFeedback, type FeedbackBackend } from '../../src/feedback/backend.ts';
import { PostgresFeedback } from '../../src/feedback/postgres.ts';
import { SqliteDatabase } from '../../src/feedback/sqlite.ts';
import { FEEDBACK_FILE, FeedbackStore, newQuestionToken } from '../../src/feedback/store.ts';
import { freshDatabase, POSTGRES_URL, type TestDatabase } from './postgres-server.ts';

const DAY = 24 * 60 * 60 * 1000;
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const MEMBER = '200000000000000042';

interface Subject {
  open(now: () => number): Promise<FeedbackBackend>;
  /** Rows of a table, read directly. */
  rows<T>(sql: string): Promise<T[]>;
  cleanup(): Promise<void>;
}

function sqliteSubject(): Subject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-backend-'));
  const opened: FeedbackBackend[] = [];
  return {
    async open(now) {
      const backend = new SqliteFeedback(new FeedbackStore({ dataDir: dir, now }));
      opened.push(backend);
      return backend;
    },
    async rows<T>(sql: string) {
      const db = new SqliteDatabase(path.join(dir, FEEDBACK_FILE), { readonly: true });
      try {
        return db.prepare(sql).all() as T[];
      } finally {
        db.close();
      }
    },
    async cleanup() {
      for (const b of opened) await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresSubject(): Promise<Subject> {
  const db: TestDatabase = await freshDatabase();
  const opened: PostgresFeedback[] = [];
  return {
    async open(now) {
      const backend = new PostgresFeedback({ url: db.url, now });
      opened.push(backend);
      await backend.migrate();
      return backend;
    },
    rows: <T>(sql: string) => db.query(sql) as Promise<T[]>,
    async cleanup() {
      for (const b of opened) await b.close();
      await db.drop();
    },
  };
}

const subjects: Array<[string, () => Promise<Subject>, boolean]> = [
  ['SQLite', async () => sqliteSubject(), true],
  ['PostgreSQL', postgresSubject, POSTGRES_URL !== undefined],
];

for (const [name, make, available] of subjects) {
  describe.runIf(available)(`the feedback store on ${name}`, () => {
    let subject: Subject;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      subject = await make();
      clock = Date.UTC(2024, 2, 31, 12);
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    it('is at schema version 2 with the same columns', async () => {
      const store = await subject.open(now);
      expect(await store.schemaVersion()).toBe(2);
      const question = await store.recordQuestion({ question: 'Who won?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
      await store.recordVote({ questionId: question, answerId: 'a:1.1', vote: 'down', userId: MEMBER, guildId: GUILD });
      const [row] = await subject.rows<Record<string, unknown>>('SELECT * FROM votes');
      expect(Object.keys(row!).sort()).toEqual(['answer_id', 'guild_id', 'id', 'question', 'question_id', 'question_key', 'vote', 'voted_at', 'voter']);
      expect(String(row!.voter)).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(String(row!.voter)).not.toContain(MEMBER);
      const [q] = await subject.rows<Record<string, unknown>>('SELECT * FROM questions');
      expect(Object.keys(q!).sort()).toEqual(['abstained', 'answer_ids', 'asked_at', 'guild_id', 'id', 'question', 'question_key', 'token']);
    });

    it('migrates once when opened again, keeping the records', async () => {
      const first = await subject.open(now);
      const id = await first.recordQuestion({ question: 'Why did Albania cut ties?', guildId: GUILD, answerIds: ['seed:1.1'], abstained: false });
      const second = await subject.open(now);
      expect(await second.schemaVersion()).toBe(2);
      expect(await second.getQuestion(id)).toMatchObject({ question: 'Why did Albania cut ties?', answerIds: ['seed:1.1'], guildId: GUILD });
    });

    it('finds a question by the token its buttons carry, and nothing by a made-up one', async () => {
      const store = await subject.open(now);
      const token = newQuestionToken();
      const id = await store.recordQuestion({ token, question: '  Why did   Albania cut ties? ', guildId: GUILD, answerIds: ['seed:1.1', 'seed:6.1'], abstained: false });
      expect(await store.getQuestionByToken(token)).toEqual({
        id,
        question: 'Why did Albania cut ties?',
        guildId: GUILD,
        answerIds: ['seed:1.1', 'seed:6.1'],
        abstained: false,
        askedAt: new Date(clock),
      });
      expect(await store.getQuestionByToken(newQuestionToken())).toBeUndefined();
      expect(await store.getQuestionByToken('not a token')).toBeUndefined();
    });

    it("counts a member's second vote on an answer once, and two members twice", async () => {
      const store = await subject.open(now);
      const token = newQuestionToken();
      await store.recordQuestion({ token, question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
      const vote = { questionToken: token, answerId: 'a:1.1', guildId: GUILD } as const;
      expect(await store.recordVote({ ...vote, vote: 'up', userId: MEMBER })).toBe(true);
      clock += 1000;
      expect(await store.recordVote({ ...vote, vote: 'down', userId: MEMBER })).toBe(true);
      expect(await store.mostDownvoted(30, 10, GUILD)).toEqual([{ answerId: 'a:1.1', down: 1, up: 0, questions: ['Who blamed Iran?'], lastVoted: new Date(clock) }]);
      await store.recordVote({ ...vote, vote: 'down', userId: '200000000000000043' });
      expect((await store.mostDownvoted(30, 10, GUILD))[0]).toMatchObject({ down: 2, up: 0 });
    });

    it("keeps one member's votes in two servers apart, with different voter hashes", async () => {
      const store = await subject.open(now);
      await store.recordVote({ question: 'Who blamed Iran?', answerId: 'a:1.1', vote: 'down', guildId: GUILD, userId: MEMBER });
      await store.recordVote({ question: 'Who blamed Iran?', answerId: 'a:1.1', vote: 'down', guildId: OTHER_GUILD, userId: MEMBER });
      const voters = await subject.rows<{ voter: string }>('SELECT voter FROM votes');
      expect(new Set(voters.map((v) => v.voter)).size).toBe(2);
      expect((await store.mostDownvoted(30, 10, GUILD))[0]).toMatchObject({ down: 1 });
    });

    it('refuses a vote from another server, on another question text, or for an answer not given', async () => {
      const store = await subject.open(now);
      const token = newQuestionToken();
      await store.recordQuestion({ token, question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
      expect(await store.recordVote({ questionToken: token, answerId: 'a:1.1', vote: 'up', guildId: OTHER_GUILD, userId: MEMBER })).toBe(false);
      expect(await store.recordVote({ questionToken: token, answerId: 'a:1.1', vote: 'up', guildId: GUILD, question: 'Something else?', userId: MEMBER })).toBe(false);
      expect(await store.recordVote({ questionToken: token, answerId: 'a:9.9', vote: 'up', guildId: GUILD, userId: MEMBER })).toBe(false);
      expect((await store.checkVote({ questionToken: token, answerId: 'a:1.1', guildId: GUILD })).ok).toBe(true);
      expect(await subject.rows('SELECT id FROM votes')).toHaveLength(0);
    });

    it("lists the server's most frequent unanswered questions of the period, latest wording first", async () => {
      const store = await subject.open(now);
      await store.recordQuestion({ question: 'who is the mayor', guildId: GUILD, answerIds: [], abstained: true });
      clock += 1000;
      await store.recordQuestion({ question: 'Who is the mayor?', guildId: GUILD, answerIds: [], abstained: true });
      await store.recordQuestion({ question: 'What is the weather?', guildId: GUILD, answerIds: [], abstained: true });
      await store.recordQuestion({ question: 'Elsewhere?', guildId: OTHER_GUILD, answerIds: [], abstained: true });
      await store.recordQuestion({ question: 'Answered?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
      const top = await store.topUnanswered(30, 10, GUILD);
      expect(top.map((t) => [t.question, t.count])).toEqual([
        ['Who is the mayor?', 2],
        ['What is the weather?', 1],
      ]);
      clock += 31 * DAY;
      expect(await store.topUnanswered(30, 10, GUILD)).toEqual([]);
    });

    it('orders the most downvoted answers by 👎, then by 👎 less 👍', async () => {
      const store = await subject.open(now);
      const vote = (answerId: string, v: 'up' | 'down', user: string) => store.recordVote({ question: `Q about ${answerId}?`, answerId, vote: v, guildId: GUILD, userId: user });
      await vote('a:1.1', 'down', '1');
      await vote('a:1.1', 'up', '2');
      await vote('a:2.1', 'down', '1');
      await vote('a:3.1', 'up', '1');
      await vote('a:4.1', 'down', '1');
      await vote('a:4.1', 'down', '2');
      expect((await store.mostDownvoted(30, 10, GUILD)).map((d) => [d.answerId, d.down, d.up])).toEqual([
        ['a:4.1', 2, 0],
        ['a:2.1', 1, 0],
        ['a:1.1', 1, 1],
      ]);
    });

    it('purges rows older than the period, and everything with a new voter key', async () => {
      const store = await subject.open(now);
      await store.recordQuestion({ question: 'Old?', guildId: GUILD, answerIds: [], abstained: true });
      await store.recordVote({ question: 'Old?', answerId: 'a:1.1', vote: 'down', guildId: GUILD, userId: MEMBER });
      clock += 40 * DAY;
      await store.recordQuestion({ question: 'New?', guildId: GUILD, answerIds: [], abstained: true });
      expect(await store.purgeOlderThan(30)).toEqual({ questions: 1, votes: 0 + 1 });
      expect((await store.topUnanswered(60, 10, GUILD)).map((t) => t.question)).toEqual(['New?']);

      const [before] = await subject.rows<{ value: string }>("SELECT value FROM meta WHERE key = 'voter_key'");
      expect(await store.purgeAll()).toEqual({ questions: 1, votes: 0 });
      const [after] = await subject.rows<{ value: string }>("SELECT value FROM meta WHERE key = 'voter_key'");
      expect(after!.value).not.toBe(before!.value);
      expect(await store.topUnanswered(60, 10, GUILD)).toEqual([]);
    });
  });
}

describe.runIf(POSTGRES_URL !== undefined)('the PostgreSQL store', () => {
  it('applies its schema once when several machines start together', async () => {
    const db = await freshDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresFeedback({ url: db.url }));
    try {
      expect(await Promise.all(stores.map((s) => s.migrate()))).toEqual([2, 2, 2, 2]);
      const keys = await db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'voter_key'");
      expect(keys).toHaveLength(1);
    } finally {
      for (const s of stores) await s.close();
      await db.drop();
    }
  });
});
