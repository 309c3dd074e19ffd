/**
 * The feedback recorder: records are written after the reply, a locked file makes them
 * wait (never the caller), and what waits too long is dropped, counted and logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedbackRecorder } from '../../src/feedback/recorder.ts';
import { SqliteDatabase, type Database } from '../../src/feedback/sqlite.ts';
import { FeedbackStore } from '../../src/feedback/store.ts';
import { createLogger } from '../../src/logger.ts';

const GUILD = '100000000000000001';

let dir: string;
let store: FeedbackStore;
let other: Database | undefined;
let lines: string[];
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-recorder-'));
  store = FeedbackStore.open(dir);
  lines = [];
  clock = 1_000_000;
});

afterEach(() => {
  if (other?.open) other.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function recorder(options: ConstructorParameters<typeof FeedbackRecorder>[2] = {}): FeedbackRecorder {
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return new FeedbackRecorder(store, logger, { now: () => clock, retryMs: 5, maxRetryMs: 20, ...options });
}

/** Another connection holding the write lock, as another process would. */
function lock(): void {
  other = new SqliteDatabase(store.file);
  other.exec('BEGIN IMMEDIATE');
}

function logged(event: string): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === event);
}

describe('the feedback recorder', () => {
  it('returns at once and writes on a later turn', async () => {
    const r = recorder();
    const token = r.question({ question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
    expect(store.getQuestionByToken(token)).toBeUndefined();
    await r.whenIdle();
    expect(store.getQuestionByToken(token)).toMatchObject({ question: 'Who blamed Iran?', guildId: GUILD });
    expect(r.stats).toMatchObject({ written: 1, dropped: 0, pending: 0 });
  });

  it('checks a vote against a question still waiting to be written', async () => {
    lock();
    const r = recorder();
    const token = r.question({ question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
    expect(await r.checkVote({ questionToken: token, answerId: 'a:1.1', guildId: GUILD, question: 'Who blamed Iran?' })).toBe('ok');
    expect(await r.checkVote({ questionToken: token, answerId: 'a:1.1', guildId: '100000000000000002', question: 'Who blamed Iran?' })).toBe('refused');
    expect(await r.checkVote({ questionToken: token, answerId: 'a:9.9', guildId: GUILD })).toBe('refused');
  });

  it('keeps records waiting while another connection holds the lock, and writes them once it is gone', async () => {
    lock();
    const r = recorder();
    const token = r.question({ question: 'Who blamed Iran?', guildId: GUILD, answerIds: ['a:1.1'], abstained: false });
    r.vote({ questionToken: token, answerId: 'a:1.1', vote: 'down', guildId: GUILD, userId: 'u1' });
    await new Promise<void>((resolve) => {
      const check = () => (r.stats.retries >= 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(r.stats).toMatchObject({ written: 0, pending: 2 });
    expect(logged('feedback-locked')).toHaveLength(1);
    other!.exec('COMMIT');
    await r.whenIdle();
    expect(r.stats).toMatchObject({ written: 2, dropped: 0, pending: 0 });
    expect(store.mostDownvoted(30, 10, GUILD)).toMatchObject([{ answerId: 'a:1.1', down: 1 }]);
    expect(logged('feedback-unlocked')).toHaveLength(1);
  });

  it('drops, counts and logs a record that waited longer than allowed', async () => {
    lock();
    const r = recorder({ maxWaitMs: 1000 });
    r.question({ question: 'first', answerIds: [], abstained: true });
    await new Promise<void>((resolve) => {
      const check = () => (r.stats.retries >= 1 ? resolve() : setTimeout(check, 5));
      check();
    });
    clock += 5000;
    await r.whenIdle();
    expect(r.stats).toMatchObject({ written: 0, dropped: 1, pending: 0 });
    expect(logged('feedback-dropped')).toMatchObject([{ records: 1, reason: 'the database stayed unavailable' }]);
  });

  it('drops what does not fit in the queue, says no more can be kept, and at shutdown drops what the lock still holds', async () => {
    lock();
    const r = recorder({ maxPending: 2 });
    for (let i = 0; i < 2; i++) r.question({ question: `q${i}`, answerIds: [], abstained: true });
    expect(r.canKeep()).toBe(false);
    expect(r.vote({ question: 'q0', answerId: 'a:1.1', vote: 'up', guildId: GUILD, userId: 'u1' })).toBe(false);
    expect(r.stats).toMatchObject({ dropped: 1, pending: 2 });
    await r.close();
    expect(r.stats).toMatchObject({ dropped: 3, pending: 0 });
    expect(logged('feedback-dropped').reduce((n, l) => n + Number(l.records), 0)).toBe(3);
  });
});
