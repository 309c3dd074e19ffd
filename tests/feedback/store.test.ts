import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_FILE, FeedbackStore, MAX_STORED_QUESTION_CHARS, newQuestionToken } from '../../src/feedback/store.ts';
import { questionKey } from '../../src/question.ts';
import { SqliteDatabase } from '../../src/feedback/sqlite.ts';

const DAY = 24 * 60 * 60 * 1000;
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';

let root: string;
let dataDir: string;
let clock: number;
const stores: FeedbackStore[] = [];

function open(dir = dataDir): FeedbackStore {
  const store = new FeedbackStore({ dataDir: dir, now: () => clock });
  stores.push(store);
  return store;
}

/** Reads the file directly, as someone inspecting the data would. */
function raw<T>(sql: string): T[] {
  const db = new SqliteDatabase(path.join(dataDir, FEEDBACK_FILE), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'factdesk-feedback-'));
  dataDir = path.join(root, 'data', 'nested');
  clock = Date.UTC(2024, 2, 31, 12);
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the feedback file', () => {
  it('is created on first run, with its directory, in WAL mode at the current schema version', () => {
    expect(existsSync(dataDir)).toBe(false);
    const store = open();
    expect(store.file).toBe(path.join(dataDir, FEEDBACK_FILE));
    expect(existsSync(store.file)).toBe(true);
    expect(store.journalMode).toBe('wal');
    expect(store.schemaVersion).toBe(2);
  });

  it('keeps its records across reopening and does not migrate twice', () => {
    const first = open();
    const id = first.recordQuestion({ question: 'Why did Albania cut ties?', guildId: GUILD, answerIds: ['seed:1.1'], abstained: false });
    first.close();
    const second = open();
    expect(second.schemaVersion).toBe(2);
    expect(second.getQuestion(id)).toMatchObject({ question: 'Why did Albania cut ties?', answerIds: ['seed:1.1'] });
  });

  it('refuses a file written by a newer schema instead of corrupting it', () => {
    open().close();
    const db = new SqliteDatabase(path.join(dataDir, FEEDBACK_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => open()).toThrow(/schema version 99/);
  });

  it('stores only question text, ids, the abstained flag, times and votes', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'Who won?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
    store.recordVote({ questionId: id, answerId: 'a:1.1', vote: 'down', userId: '200000000000000042', guildId: GUILD });
    const columns = (table: string) => raw<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`).map((c) => c.name);
    expect(columns('questions')).toEqual(['id', 'asked_at', 'guild_id', 'question', 'question_key', 'abstained', 'answer_ids', 'token']);
    expect(columns('votes')).toEqual(['id', 'voted_at', 'guild_id', 'question_id', 'question', 'question_key', 'answer_id', 'vote', 'voter']);
    const [vote] = raw<{ voter: string }>('SELECT voter FROM votes');
    expect(vote!.voter).not.toContain('200000000000000042');
    expect(vote!.voter).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('recording questions', () => {
  it('returns an id under which the question, guild, answers and time are kept', () => {
    const store = open();
    const id = store.recordQuestion({ question: '  Why did   Albania cut ties? ', guildId: GUILD, answerIds: ['seed:1.1', 'seed:6.1'], abstained: false });
    expect(store.getQuestion(id)).toEqual({
      id,
      question: 'Why did Albania cut ties?',
      guildId: GUILD,
      answerIds: ['seed:1.1', 'seed:6.1'],
      abstained: false,
      askedAt: new Date(clock),
    });
  });

  it('records abstentions outside guilds with no guild id', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'What is the weather?', answerIds: [], abstained: true });
    expect(store.getQuestion(id)).toMatchObject({ guildId: null, abstained: true, answerIds: [] });
  });

  it('cuts very long questions and refuses empty ones', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'x'.repeat(5000), answerIds: [], abstained: true });
    expect(store.getQuestion(id)!.question).toHaveLength(MAX_STORED_QUESTION_CHARS);
    expect(() => store.recordQuestion({ question: '   ', answerIds: [], abstained: true })).toThrow(/empty/);
  });

  it('groups questions that differ only in case, spacing and end punctuation', () => {
    expect(questionKey('  Who  is Rama??')).toBe(questionKey('who is rama'));
    expect(questionKey('“Why” did it happen?')).toBe(questionKey('"why" did it happen'));
    expect(questionKey('Who is Rama?')).not.toBe(questionKey('Who is Rama’s deputy?'));
  });
});

describe('the most frequent unanswered questions', () => {
  it('counts abstained questions of the window, most frequent first, with the latest wording', () => {
    const store = open();
    const ask = (question: string, abstained: boolean, guildId: string = GUILD) => store.recordQuestion({ question, guildId, answerIds: abstained ? [] : ['a:1.1'], abstained });
    ask('What is the weather in Tirana?', true);
    clock += 1000;
    ask('who won the world cup', true);
    clock += 1000;
    ask('What is the weather in tirana', true);
    clock += 1000;
    ask('Why did Albania cut ties?', false);
    ask('Why did Albania cut ties?', false);
    expect(store.topUnanswered()).toEqual([
      { question: 'What is the weather in tirana', count: 2, lastAsked: new Date(clock - 1000) },
      { question: 'who won the world cup', count: 1, lastAsked: new Date(clock - 2000) },
    ]);
    expect(store.topUnanswered(30, 1)).toHaveLength(1);
  });

  it('leaves out questions older than the window', () => {
    const store = open();
    store.recordQuestion({ question: 'old question', answerIds: [], abstained: true });
    clock += 31 * DAY;
    store.recordQuestion({ question: 'new question', answerIds: [], abstained: true });
    expect(store.topUnanswered(30).map((q) => q.question)).toEqual(['new question']);
    expect(
      store
        .topUnanswered(40)
        .map((q) => q.question)
        .sort(),
    ).toEqual(['new question', 'old question']);
  });

  it('can be limited to one guild', () => {
    const store = open();
    store.recordQuestion({ question: 'asked here', guildId: GUILD, answerIds: [], abstained: true });
    store.recordQuestion({ question: 'asked elsewhere', guildId: OTHER_GUILD, answerIds: [], abstained: true });
    expect(store.topUnanswered(30, 10, GUILD).map((q) => q.question)).toEqual(['asked here']);
    expect(store.topUnanswered(30, 10)).toHaveLength(2);
  });
});

describe('votes and the most downvoted answers', () => {
  it('takes the question text and guild from the stored question', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:6.1', 'a:7.2'], abstained: false });
    expect(store.recordVote({ questionId: id, answerId: 'a:7.2', vote: 'down', guildId: GUILD })).toBe(true);
    expect(store.mostDownvoted()).toEqual([{ answerId: 'a:7.2', down: 1, up: 0, questions: ['Who blamed Iran?'], lastVoted: new Date(clock) }]);
    expect(store.mostDownvoted(30, 10, GUILD)).toHaveLength(1);
    expect(store.mostDownvoted(30, 10, OTHER_GUILD)).toHaveLength(0);
  });

  it('refuses a vote for an answer the question did not get, or for an unknown question without its text', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'Who blamed Iran?', answerIds: ['a:6.1'], abstained: false });
    expect(store.recordVote({ questionId: id, answerId: 'a:9.9', vote: 'down' })).toBe(false);
    expect(store.recordVote({ questionId: id + 1000, answerId: 'a:6.1', vote: 'down' })).toBe(false);
    expect(store.mostDownvoted()).toEqual([]);
    // After a purge the question row may be gone; the button still carries the text.
    expect(store.recordVote({ questionId: id + 1000, question: 'Who blamed Iran?', answerId: 'a:6.1', vote: 'down' })).toBe(true);
    expect(store.mostDownvoted()).toMatchObject([{ answerId: 'a:6.1', down: 1 }]);
  });

  it('counts one vote per user per answer and question; a second click replaces the first', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'Who blamed Iran?', answerIds: ['a:6.1'], abstained: false });
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'down', userId: 'u1' });
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'down', userId: 'u1' });
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'down', userId: 'u2' });
    expect(store.mostDownvoted()).toMatchObject([{ answerId: 'a:6.1', down: 2, up: 0 }]);
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'up', userId: 'u1' });
    expect(store.mostDownvoted()).toMatchObject([{ answerId: 'a:6.1', down: 1, up: 1 }]);
  });

  it('counts every vote without a user id', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'Who blamed Iran?', answerIds: ['a:6.1'], abstained: false });
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'down' });
    store.recordVote({ questionId: id, answerId: 'a:6.1', vote: 'down' });
    expect(store.mostDownvoted()).toMatchObject([{ down: 2 }]);
  });

  it('ranks answers by 👎, leaves out answers with only 👍, and lists the questions behind the 👎', () => {
    const store = open();
    const q1 = store.recordQuestion({ question: 'Who blamed Iran?', answerIds: ['a:1.1', 'a:2.1', 'a:3.1'], abstained: false });
    const q2 = store.recordQuestion({ question: 'When did ties end?', answerIds: ['a:1.1'], abstained: false });
    for (const [question, answer, vote, user] of [
      [q1, 'a:1.1', 'down', 'u1'],
      [q2, 'a:1.1', 'down', 'u1'],
      [q2, 'a:1.1', 'down', 'u2'],
      [q1, 'a:2.1', 'down', 'u3'],
      [q1, 'a:2.1', 'up', 'u4'],
      [q1, 'a:3.1', 'up', 'u5'],
    ] as const) {
      clock += 1000;
      store.recordVote({ questionId: question, answerId: answer, vote, userId: user });
    }
    const ranked = store.mostDownvoted();
    expect(ranked.map((r) => [r.answerId, r.down, r.up])).toEqual([
      ['a:1.1', 3, 0],
      ['a:2.1', 1, 1],
    ]);
    expect(ranked[0]!.questions).toEqual(['When did ties end?', 'Who blamed Iran?']);
    expect(store.mostDownvoted(30, 1)).toHaveLength(1);
  });

  it('refuses a vote on a question asked in another guild, or pressed on a message showing another question', () => {
    const store = open();
    const token = newQuestionToken();
    store.recordQuestion({ token, question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:6.1'], abstained: false });
    const id = store.getQuestionByToken(token)!.id;
    for (const ref of [{ questionToken: token }, { questionId: id }]) {
      expect(store.recordVote({ ...ref, answerId: 'a:6.1', vote: 'down', guildId: OTHER_GUILD })).toBe(false);
      expect(store.recordVote({ ...ref, answerId: 'a:6.1', vote: 'down', guildId: null })).toBe(false);
      expect(store.recordVote({ ...ref, answerId: 'a:6.1', vote: 'down', guildId: GUILD, question: 'Something else entirely' })).toBe(false);
    }
    expect(store.mostDownvoted()).toEqual([]);
    expect(store.mostDownvoted(30, 10, OTHER_GUILD)).toEqual([]);
    expect(store.recordVote({ questionToken: token, answerId: 'a:6.1', vote: 'down', guildId: GUILD, question: 'who blamed Iran' })).toBe(true);
    expect(store.mostDownvoted(30, 10, GUILD)).toMatchObject([{ answerId: 'a:6.1', down: 1 }]);
  });

  it('gives questions random tokens, not a sequence, and finds a question only by its exact token', () => {
    const store = open();
    const tokens = Array.from({ length: 50 }, () => newQuestionToken());
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const token = tokens[0]!;
    store.recordQuestion({ token, question: 'q', answerIds: [], abstained: true });
    expect(store.getQuestionByToken(token)).toMatchObject({ question: 'q' });
    expect(store.getQuestionByToken(tokens[1]!)).toBeUndefined();
    expect(store.getQuestionByToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
  });

  it('keeps the votes of one member in two guilds apart: a vote in one does not replace or move the other', () => {
    const store = open();
    const here = store.recordQuestion({ question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:6.1'], abstained: false });
    const there = store.recordQuestion({ question: 'Who blamed Iran?', guildId: OTHER_GUILD, answerIds: ['a:6.1'], abstained: false });
    store.recordVote({ questionId: here, answerId: 'a:6.1', vote: 'down', userId: 'u1', guildId: GUILD });
    store.recordVote({ questionId: there, answerId: 'a:6.1', vote: 'up', userId: 'u1', guildId: OTHER_GUILD });
    expect(store.mostDownvoted(30, 10, GUILD)).toMatchObject([{ answerId: 'a:6.1', down: 1, up: 0 }]);
    const votes = raw<{ guild_id: string; vote: number; voter: string }>('SELECT guild_id, vote, voter FROM votes ORDER BY guild_id');
    expect(votes.map((v) => [v.guild_id, v.vote])).toEqual([
      [GUILD, -1],
      [OTHER_GUILD, 1],
    ]);
    // Not linkable either: the two hashes differ.
    expect(votes[0]!.voter).not.toBe(votes[1]!.voter);
  });

  it('leaves out votes older than the window', () => {
    const store = open();
    store.recordVote({ question: 'old', answerId: 'a:1.1', vote: 'down' });
    clock += 31 * DAY;
    store.recordVote({ question: 'new', answerId: 'a:2.1', vote: 'down' });
    expect(store.mostDownvoted(30).map((r) => r.answerId)).toEqual(['a:2.1']);
  });
});

describe('purging', () => {
  it('deletes only questions and votes older than the given number of days', () => {
    const store = open();
    store.recordQuestion({ question: 'old', answerIds: [], abstained: true });
    store.recordVote({ question: 'old', answerId: 'a:1.1', vote: 'down' });
    clock += 10 * DAY;
    const recent = store.recordQuestion({ question: 'recent', answerIds: [], abstained: true });
    store.recordVote({ question: 'recent', answerId: 'a:1.1', vote: 'up' });
    expect(store.purgeOlderThan(5)).toEqual({ questions: 1, votes: 1 });
    expect(store.topUnanswered(365).map((q) => q.question)).toEqual(['recent']);
    expect(store.getQuestion(recent)).toBeDefined();
    expect(raw<{ question: string }>('SELECT question FROM votes').map((v) => v.question)).toEqual(['recent']);
  });

  it('deletes everything, and votes by the same user are no longer linkable to earlier ones', () => {
    const store = open();
    const id = store.recordQuestion({ question: 'q', answerIds: ['a:1.1'], abstained: false });
    store.recordVote({ questionId: id, answerId: 'a:1.1', vote: 'down', userId: 'u1' });
    const [before] = raw<{ voter: string }>('SELECT voter FROM votes');
    expect(store.purgeAll()).toEqual({ questions: 1, votes: 1 });
    expect(store.topUnanswered(365)).toEqual([]);
    expect(store.mostDownvoted(365)).toEqual([]);
    store.recordVote({ question: 'q', answerId: 'a:1.1', vote: 'down', userId: 'u1' });
    const [after] = raw<{ voter: string }>('SELECT voter FROM votes');
    expect(after!.voter).not.toBe(before!.voter);
  });

  it('refuses a negative number of days', () => {
    expect(() => open().purgeOlderThan(-1)).toThrow(RangeError);
  });
});

describe('several shard processes on one file', () => {
  it('two stores on the same file see each other’s writes and share vote deduplication', () => {
    const a = open();
    const b = open();
    const q1 = a.recordQuestion({ question: 'Asked on shard 0', guildId: GUILD, answerIds: [], abstained: true });
    const q2 = b.recordQuestion({ question: 'Asked on shard 1', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
    expect(q2).not.toBe(q1);
    expect(b.getQuestion(q1)).toMatchObject({ question: 'Asked on shard 0' });
    expect(a.getQuestion(q2)).toMatchObject({ question: 'Asked on shard 1' });
    // The same user clicks 👎 on shard 0, then 👍 on shard 1: one vote, the latest.
    a.recordVote({ questionId: q2, answerId: 'a:1.1', vote: 'down', userId: 'u1', guildId: GUILD });
    b.recordVote({ questionId: q2, answerId: 'a:1.1', vote: 'up', userId: 'u1', guildId: GUILD });
    for (const store of [a, b]) {
      expect(store.topUnanswered().map((q) => q.question)).toEqual(['Asked on shard 0']);
      expect(store.mostDownvoted()).toEqual([]);
    }
    expect(raw<{ n: number }>('SELECT COUNT(*) AS n FROM votes')[0]!.n).toBe(1);
  });

  it('two processes creating and writing the same new file at once lose nothing', async () => {
    clock = Date.now(); // the workers write with the real clock
    const worker = fileURLToPath(new URL('./shard-worker.ts', import.meta.url));
    const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
    const run = (label: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir, label, '150'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${label} exited with ${code}: ${stderr}`))));
      });
    await Promise.all([run('shard-a'), run('shard-b')]);

    const store = open();
    expect(store.schemaVersion).toBe(2);
    expect(store.journalMode).toBe('wal');
    expect(raw<{ n: number }>('SELECT COUNT(*) AS n FROM questions')[0]!.n).toBe(300);
    expect(raw<{ n: number }>('SELECT COUNT(DISTINCT voter) AS n FROM votes')[0]!.n).toBe(300);
    // Each shard asked 75 abstained questions, each with its own wording.
    expect(store.topUnanswered(30, 1000)).toHaveLength(150);
    // 1 in 3 votes was 👍: the downvoted answer has 200 👎 and 100 👍.
    expect(store.mostDownvoted()).toMatchObject([{ answerId: 'doc:1.1', down: 200, up: 100 }]);
  });
});
