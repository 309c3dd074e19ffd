import type { Logger } from '../logger.ts';
import { asBackend, isTransient, type FeedbackBackend } from './backend.ts';
import { newQuestionToken, voteFits, type FeedbackStore, type QuestionRecord, type VoteRecord } from './store.ts';

/**
 * Writes feedback after the reply, never before it. Records go into a queue written on a
 * later turn of the event loop, one at a time. A write that finds the database unavailable
 * (the SQLite file locked by another process, the PostgreSQL server away) is retried later
 * with a growing delay, the records waiting in memory. A record that waited longer than
 * `maxWaitMs`, or that finds the queue full, is dropped: counted in `stats` and logged; a
 * vote that cannot even be queued is refused (`canKeep`), so the member can be told.
 */

export interface RecorderOptions {
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** Records kept waiting for the database at most; later ones are dropped. Default 5,000. */
  maxPending?: number;
  /** A record not written after this long is dropped (ms). Default 60 s. */
  maxWaitMs?: number;
  /** First retry delay after a failed write (ms), doubled up to `maxRetryMs`. Defaults 50 and 2,000. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How long a vote check may take before it counts as `unknown` (ms). Default 1,000. */
  checkTimeoutMs?: number;
  now?: () => number;
}

export interface RecorderStats {
  written: number;
  /** Votes the store refused when writing them (their question turned out to be another's). */
  refused: number;
  dropped: number;
  /** Writes put off because the database was unavailable. */
  retries: number;
  pending: number;
}

export type VoteCheck = 'ok' | 'refused' | 'unknown';

type Job = { kind: 'question'; record: QuestionRecord & { token: string }; queuedAt: number } | { kind: 'vote'; record: VoteRecord; queuedAt: number };

export class FeedbackRecorder {
  readonly store: FeedbackBackend;
  private readonly queue: Job[] = [];
  /** Questions queued and not written yet, by token: a vote may come before its question is stored. */
  private readonly pendingQuestions = new Map<string, QuestionRecord>();
  private readonly idle = new Set<() => void>();
  private readonly options: Required<Omit<RecorderOptions, 'logger'>>;
  private readonly counts = { written: 0, refused: 0, dropped: 0, retries: 0 };
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private writing: Promise<void> | undefined;
  private delay: number;
  private awaySince: number | undefined;
  private droppedUnlogged = 0;
  private lastDropLog = -Infinity;
  private closed = false;

  constructor(
    store: FeedbackBackend | FeedbackStore,
    private readonly logger: RecorderOptions['logger'],
    options: Omit<RecorderOptions, 'logger'> = {},
  ) {
    this.store = asBackend(store);
    this.options = { maxPending: 5000, maxWaitMs: 60_000, retryMs: 50, maxRetryMs: 2000, checkTimeoutMs: 1000, now: Date.now, ...options };
    this.delay = this.options.retryMs;
  }

  get stats(): RecorderStats {
    return { ...this.counts, pending: this.queue.length };
  }

  /** Whether the database is known to be unavailable right now (records wait in memory). */
  get unavailable(): boolean {
    return this.awaySince !== undefined;
  }

  /** Whether one more record would be kept (queued), rather than dropped at once. */
  canKeep(): boolean {
    return !this.closed && this.queue.length < this.options.maxPending;
  }

  /** Queues a question; returns its token (for the vote buttons). */
  question(record: QuestionRecord): string {
    const token = record.token ?? newQuestionToken();
    if (this.enqueue({ kind: 'question', record: { ...record, token }, queuedAt: this.options.now() })) this.pendingQuestions.set(token, record);
    return token;
  }

  /** Queues a vote (checked again when written); false when it was dropped at once. */
  vote(record: VoteRecord): boolean {
    return this.enqueue({ kind: 'vote', record, queuedAt: this.options.now() });
  }

  /**
   * Whether a vote is one on the question its button names, in this guild and on this
   * message: `unknown` when the database cannot answer right now (the vote is then checked
   * when it is written).
   */
  async checkVote(record: Pick<VoteRecord, 'answerId' | 'questionToken' | 'questionId' | 'question' | 'guildId'>): Promise<VoteCheck> {
    const pending = record.questionToken === undefined ? undefined : this.pendingQuestions.get(record.questionToken);
    if (pending) return voteFits({ guildId: pending.guildId ?? null, question: pending.question, answerIds: pending.answerIds }, record) ? 'ok' : 'refused';
    // Known to be away: no need to wait for a time-out to say so.
    if (this.unavailable) return 'unknown';
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<'unknown'>((resolve) => (timer = setTimeout(() => resolve('unknown'), this.options.checkTimeoutMs)));
      const check = this.store.checkVote(record).then((r) => (r.ok ? 'ok' : 'refused') as VoteCheck);
      check.catch(() => undefined);
      return await Promise.race([check, late]);
    } catch (error) {
      if (isTransient(error)) return 'unknown';
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once every queued record has been written or dropped. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Writes what can be written now (at shutdown) and drops, counted, what cannot. */
  async flush(): Promise<void> {
    this.cancelTimers();
    await this.writing;
    await this.write(true);
    this.notifyIdle();
  }

  /** Flushes and stops; later records are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    this.logDrops(true);
  }

  private enqueue(job: Job): boolean {
    if (!this.canKeep()) {
      this.dropped(this.closed ? 'the bot is stopping' : 'too many records waiting for the database');
      return false;
    }
    this.queue.push(job);
    // On a later turn: whatever queued it (a reply) goes out first.
    if (!this.timer && !this.immediate && !this.writing) this.immediate = setImmediate(() => void this.run());
    return true;
  }

  private run(): Promise<void> {
    this.immediate = undefined;
    this.timer = undefined;
    if (!this.writing) {
      this.writing = this.write(false).finally(() => {
        this.writing = undefined;
        // Records queued while writing, and not put off: go on.
        if (this.queue.length > 0 && !this.timer && !this.immediate) this.immediate = setImmediate(() => void this.run());
        else if (this.queue.length === 0) this.notifyIdle();
      });
    }
    return this.writing;
  }

  private async write(final: boolean): Promise<void> {
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      if (this.options.now() - job.queuedAt > this.options.maxWaitMs) {
        this.finish(job);
        this.dropped('the database stayed unavailable');
        continue;
      }
      try {
        if (job.kind === 'question') await this.store.recordQuestion(job.record);
        else if (!(await this.store.recordVote(job.record))) this.counts.refused++;
        this.counts.written++;
        this.finish(job);
      } catch (error) {
        if (isTransient(error) && !final) {
          this.putOff(error);
          return;
        }
        this.finish(job);
        this.dropped(isTransient(error) ? 'the database is unavailable at shutdown' : 'the database refused it', error);
      }
    }
    if (this.awaySince !== undefined) {
      this.logger.info({ event: 'feedback-unlocked', awayMs: this.options.now() - this.awaySince, ...this.stats }, 'feedback database available again; waiting records written');
      this.awaySince = undefined;
    }
    this.delay = this.options.retryMs;
    this.logDrops(true);
  }

  private notifyIdle(): void {
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }

  private finish(job: Job): void {
    this.queue.shift();
    if (job.kind === 'question') this.pendingQuestions.delete(job.record.token);
  }

  private putOff(error: unknown): void {
    this.counts.retries++;
    if (this.awaySince === undefined) {
      this.awaySince = this.options.now();
      this.logger.warn(
        { event: 'feedback-locked', pending: this.queue.length, err: error },
        'feedback database unavailable (locked by another process, or the server away); records wait in memory',
      );
    }
    this.timer = setTimeout(() => void this.run(), this.delay);
    this.timer.unref();
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs);
  }

  private dropped(reason: string, error?: unknown): void {
    this.counts.dropped++;
    this.droppedUnlogged++;
    // One line per second at most: a long outage under load would otherwise flood the log.
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

/** SQLITE_BUSY and SQLITE_LOCKED, or the server away: the database cannot answer right now. */
export function isLocked(error: unknown): boolean {
  return isTransient(error);
}
