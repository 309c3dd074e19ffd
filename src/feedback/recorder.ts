import type { Logger } from '../logger.ts';
import { newQuestionToken, voteFits, type FeedbackStore, type QuestionRecord, type VoteRecord } from './store.ts';

/**
 * Writes feedback after the reply, never before it. better-sqlite3 is synchronous: a
 * write that waits for another process's lock (a shard, a purge run by hand) stops the
 * whole event loop, and with it every reply. So the store is told not to wait at all
 * (busy timeout 0), records go into a queue written on the next turn of the event loop,
 * and a write that finds the file locked is retried later with a growing delay. A record
 * that waited longer than `maxWaitMs`, or that finds the queue full, is dropped: counted
 * in `stats` and logged.
 */

export interface RecorderOptions {
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** Records kept waiting for a locked file at most; later ones are dropped. Default 5,000. */
  maxPending?: number;
  /** A record not written after this long is dropped (ms). Default 60 s. */
  maxWaitMs?: number;
  /** First retry delay after a locked write (ms), doubled up to `maxRetryMs`. Defaults 50 and 2,000. */
  retryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

export interface RecorderStats {
  written: number;
  /** Votes the store refused when writing them (their question turned out to be another's). */
  refused: number;
  dropped: number;
  /** Writes put off because the file was locked. */
  retries: number;
  pending: number;
}

export type VoteCheck = 'ok' | 'refused' | 'unknown';

type Job =
  | { kind: 'question'; record: QuestionRecord & { token: string }; queuedAt: number }
  | { kind: 'vote'; record: VoteRecord; queuedAt: number };

export class FeedbackRecorder {
  private readonly queue: Job[] = [];
  /** Questions queued and not written yet, by token: a vote may come before its question is on disk. */
  private readonly pendingQuestions = new Map<string, QuestionRecord>();
  private readonly idle = new Set<() => void>();
  private readonly options: Required<Omit<RecorderOptions, 'logger'>>;
  private readonly counts = { written: 0, refused: 0, dropped: 0, retries: 0 };
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private delay: number;
  private lockedSince: number | undefined;
  private droppedUnlogged = 0;
  private lastDropLog = -Infinity;
  private closed = false;

  constructor(
    readonly store: FeedbackStore,
    private readonly logger: RecorderOptions['logger'],
    options: Omit<RecorderOptions, 'logger'> = {},
  ) {
    this.options = { maxPending: 5000, maxWaitMs: 60_000, retryMs: 50, maxRetryMs: 2000, now: Date.now, ...options };
    this.delay = this.options.retryMs;
    store.setBusyTimeout(0);
  }

  get stats(): RecorderStats {
    return { ...this.counts, pending: this.queue.length };
  }

  /** Queues a question; returns its token (for the vote buttons). */
  question(record: QuestionRecord): string {
    const token = record.token ?? newQuestionToken();
    if (this.enqueue({ kind: 'question', record: { ...record, token }, queuedAt: this.options.now() })) this.pendingQuestions.set(token, record);
    return token;
  }

  /** Queues a vote (checked again when written). */
  vote(record: VoteRecord): void {
    this.enqueue({ kind: 'vote', record, queuedAt: this.options.now() });
  }

  /**
   * Whether a vote is one on the question its button names, in this guild and on this
   * message: `unknown` when the file cannot be read right now (the vote is then checked
   * when it is written).
   */
  checkVote(record: Pick<VoteRecord, 'answerId' | 'questionToken' | 'questionId' | 'question' | 'guildId'>): VoteCheck {
    const pending = record.questionToken === undefined ? undefined : this.pendingQuestions.get(record.questionToken);
    if (pending) return voteFits({ guildId: pending.guildId ?? null, question: pending.question, answerIds: pending.answerIds }, record) ? 'ok' : 'refused';
    try {
      return this.store.checkVote(record).ok ? 'ok' : 'refused';
    } catch (error) {
      if (isLocked(error)) return 'unknown';
      throw error;
    }
  }

  /** Resolves once every queued record has been written or dropped. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Writes what can be written now (at shutdown) and drops, counted, what cannot. */
  flush(): void {
    this.cancelTimers();
    this.write(true);
  }

  /** Flushes and stops; later records are dropped. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.logDrops(true);
  }

  private enqueue(job: Job): boolean {
    if (this.closed || this.queue.length >= this.options.maxPending) {
      this.dropped(this.closed ? 'the bot is stopping' : 'too many records waiting for the database');
      return false;
    }
    this.queue.push(job);
    // On the next turn: whatever queued it (a reply) goes out first.
    if (!this.timer && !this.immediate) this.immediate = setImmediate(() => this.write(false));
    return true;
  }

  private write(final: boolean): void {
    this.immediate = undefined;
    this.timer = undefined;
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      if (this.options.now() - job.queuedAt > this.options.maxWaitMs) {
        this.finish(job);
        this.dropped('the database stayed locked');
        continue;
      }
      try {
        if (job.kind === 'question') this.store.recordQuestion(job.record);
        else if (!this.store.recordVote(job.record)) this.counts.refused++;
        this.counts.written++;
        this.finish(job);
      } catch (error) {
        if (isLocked(error) && !final) {
          this.putOff();
          return;
        }
        this.finish(job);
        this.dropped(isLocked(error) ? 'the database is locked at shutdown' : 'the database refused it', error);
      }
    }
    if (this.lockedSince !== undefined) {
      this.logger.info({ event: 'feedback-unlocked', lockedMs: this.options.now() - this.lockedSince, ...this.stats }, 'feedback database writable again; waiting records written');
      this.lockedSince = undefined;
    }
    this.delay = this.options.retryMs;
    this.logDrops(true);
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }

  private finish(job: Job): void {
    this.queue.shift();
    if (job.kind === 'question') this.pendingQuestions.delete(job.record.token);
  }

  private putOff(): void {
    this.counts.retries++;
    if (this.lockedSince === undefined) {
      this.lockedSince = this.options.now();
      this.logger.warn({ event: 'feedback-locked', pending: this.queue.length }, 'feedback database locked by another process; records wait in memory');
    }
    this.timer = setTimeout(() => this.write(false), this.delay);
    this.timer.unref();
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs);
  }

  private dropped(reason: string, error?: unknown): void {
    this.counts.dropped++;
    this.droppedUnlogged++;
    // One line per second at most: a long lock under load would otherwise flood the log.
    if (this.options.now() - this.lastDropLog >= 1000) this.logDrops(false, reason, error);
  }

  private logDrops(force: boolean, reason?: string, error?: unknown): void {
    if (this.droppedUnlogged === 0 || (!force && this.options.now() - this.lastDropLog < 1000)) return;
    this.logger.warn(
      { event: 'feedback-dropped', records: this.droppedUnlogged, dropped: this.counts.dropped, ...(reason ? { reason } : {}), ...(error ? { err: error } : {}) },
      'feedback records dropped',
    );
    this.droppedUnlogged = 0;
    this.lastDropLog = this.options.now();
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}

/** SQLITE_BUSY and SQLITE_LOCKED (and their extended codes): another connection has the lock. */
export function isLocked(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
