import { FeedbackStore, type DownvotedAnswer, type PurgeResult, type QuestionRecord, type StoredQuestion, type UnansweredQuestion, type VoteRecord } from './store.ts';

/**
 * Where feedback is kept, whichever database it is: SQLite (`FeedbackStore`, one file under
 * DATA_DIR, the default) or PostgreSQL (`PostgresFeedback`, DATABASE_URL, shared by several
 * machines). Both keep the same schema and behave the same: the tests run one suite against
 * each. Every method may fail with an error `isTransient` recognises (the file locked by
 * another process, the server away); the recorder then keeps the records and tries again.
 */
export interface FeedbackBackend {
  /** `sqlite` or `postgresql`. */
  readonly kind: string;
  /** Where the data is, for the logs: the file, or the server and database (never a password). */
  readonly where: string;
  /** What happened to it at start that a moderator should know (a corrupt file replaced), if anything. */
  readonly notice?: string;
  recordQuestion(record: QuestionRecord): Promise<number>;
  getQuestion(id: number): Promise<StoredQuestion | undefined>;
  getQuestionByToken(token: string): Promise<StoredQuestion | undefined>;
  checkVote(record: Pick<VoteRecord, 'answerId' | 'questionToken' | 'questionId' | 'question' | 'guildId'>): Promise<{ ok: boolean; stored?: StoredQuestion }>;
  recordVote(record: VoteRecord): Promise<boolean>;
  topUnanswered(days?: number, limit?: number, guildId?: string): Promise<UnansweredQuestion[]>;
  mostDownvoted(days?: number, limit?: number, guildId?: string): Promise<DownvotedAnswer[]>;
  purgeOlderThan(days: number): Promise<PurgeResult>;
  purgeAll(): Promise<PurgeResult>;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The SQLite store behind the common interface. It is synchronous underneath, so it is told
 * not to wait for another process's lock at all (a wait would stop the event loop): a
 * locked file fails at once with SQLITE_BUSY, and the recorder retries later.
 */
export class SqliteFeedback implements FeedbackBackend {
  readonly kind = 'sqlite';

  constructor(
    readonly store: FeedbackStore,
    readonly notice?: string,
  ) {
    store.setBusyTimeout(0);
  }

  get where(): string {
    return this.store.file;
  }

  async recordQuestion(record: QuestionRecord): Promise<number> {
    return this.store.recordQuestion(record);
  }
  async getQuestion(id: number): Promise<StoredQuestion | undefined> {
    return this.store.getQuestion(id);
  }
  async getQuestionByToken(token: string): Promise<StoredQuestion | undefined> {
    return this.store.getQuestionByToken(token);
  }
  async checkVote(record: Parameters<FeedbackBackend['checkVote']>[0]): Promise<{ ok: boolean; stored?: StoredQuestion }> {
    return this.store.checkVote(record);
  }
  async recordVote(record: VoteRecord): Promise<boolean> {
    return this.store.recordVote(record);
  }
  async topUnanswered(days?: number, limit?: number, guildId?: string): Promise<UnansweredQuestion[]> {
    return this.store.topUnanswered(days, limit, guildId);
  }
  async mostDownvoted(days?: number, limit?: number, guildId?: string): Promise<DownvotedAnswer[]> {
    return this.store.mostDownvoted(days, limit, guildId);
  }
  async purgeOlderThan(days: number): Promise<PurgeResult> {
    return this.store.purgeOlderThan(days);
  }
  async purgeAll(): Promise<PurgeResult> {
    return this.store.purgeAll();
  }
  async schemaVersion(): Promise<number> {
    return this.store.schemaVersion;
  }
  async close(): Promise<void> {
    this.store.close();
  }
}

/** A backend, or a SQLite store to put behind the interface (what tests and older callers pass). */
export function asBackend(store: FeedbackBackend | FeedbackStore): FeedbackBackend {
  return store instanceof FeedbackStore ? new SqliteFeedback(store) : store;
}

/** PostgreSQL's SQLSTATE classes and codes for a server that is away, restarting or full. */
const PG_AWAY = /^(08|57P0[1-3]|53300)/;
/** What node-postgres and Node say when the server cannot be reached or the connection breaks. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|not queryable/i;

/**
 * Whether a failure means "not now" rather than "never": SQLite's busy or locked file,
 * PostgreSQL away (refused, reset, timed out, shutting down, too many connections).
 */
export function isTransient(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || NETWORK_CODES.has(code) || PG_AWAY.test(code))) return true;
    if ((e as { transient?: unknown }).transient === true) return true;
    if (e instanceof Error && PG_MESSAGES.test(e.message)) return true;
  }
  return false;
}
