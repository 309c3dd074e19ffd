import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { SqliteDatabase, type Database, type Statement } from './sqlite.ts';
import { questionKey } from '../question.ts';

/**
 * Feedback on answers and the questions asked, in one SQLite file under the data
 * directory. Several shard processes may open the same file: it runs in WAL mode (readers
 * never block the writer), every write waits up to `busyTimeoutMs` for another process's
 * lock, and schema changes are applied once, inside a write transaction, keyed on
 * `PRAGMA user_version`.
 *
 * What is stored, and nothing more: the question text, the ids of the answers given (sentence
 * ids), the guild id, whether the bot abstained, the time, a random token the vote buttons
 * carry, and for votes 👍/👎 with the answer id. A voter is kept only as a keyed hash of their
 * user id and the guild (so one person's repeated clicks in one server count once, and their
 * votes in two servers are neither merged nor linkable); the key is random per database and
 * replaced by `purgeAll()`.
 *
 * Its methods are synchronous (better-sqlite3): the bot writes through `FeedbackRecorder`,
 * which never lets a locked file hold a reply back.
 */

export const FEEDBACK_FILE = 'feedback.sqlite';
/** Longer questions are cut to this many characters before they are stored. */
export const MAX_STORED_QUESTION_CHARS = 1000;
/** At most this many answer ids are kept per question (an answer shows at most 5). */
export const MAX_ANSWER_IDS = 25;
const MAX_ID_CHARS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface FeedbackStoreOptions {
  /** Directory for the database file; created (with parents) when missing. */
  dataDir: string;
  /** File name inside `dataDir` (default `feedback.sqlite`). */
  fileName?: string;
  /** The clock, for tests; defaults to the system time. */
  now?: () => Date | number;
  /** How long a write waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

export interface QuestionRecord {
  question: string;
  /**
   * The question's public id, carried by its vote buttons (`newQuestionToken()`); random, so
   * a button id cannot be guessed from another one. Generated when omitted.
   */
  token?: string;
  /** The guild it was asked in; null or omitted in direct messages and the console. */
  guildId?: string | null;
  /** The ids of the sentences given as answers, best first; empty when the bot abstained. */
  answerIds: readonly string[];
  abstained: boolean;
}

export interface StoredQuestion extends Required<Omit<QuestionRecord, 'token'>> {
  id: number;
  askedAt: Date;
}

export type Vote = 'up' | 'down';

export interface VoteRecord {
  answerId: string;
  vote: Vote;
  /** The token of the question (what v2 vote buttons carry); the question text is taken from it. */
  questionToken?: string;
  /** The id `recordQuestion` returned (what older buttons carry); the question text is taken from it. */
  questionId?: number;
  /**
   * The question text as shown on the message voted on: needed when the question is not
   * stored (any more), and when it is, it must be that question's (a button moved onto
   * another message does not count).
   */
  question?: string;
  /** The guild the vote was given in: a stored question must have been asked there. */
  guildId?: string | null;
  /** Hashed before storing; lets a second click by the same user replace the first. */
  userId?: string;
}

export interface UnansweredQuestion {
  /** The most recent wording of the question. */
  question: string;
  /** How many times it was asked (questions equal up to case, spacing and end punctuation count as one). */
  count: number;
  lastAsked: Date;
}

export interface DownvotedAnswer {
  answerId: string;
  down: number;
  up: number;
  /** Questions for which the answer was voted down, most recent first (at most 3). */
  questions: string[];
  lastVoted: Date;
}

export interface PurgeResult {
  questions: number;
  votes: number;
}

/** Schema versions, in order; `user_version` is the number applied. Never edit one that has shipped: append (and the same in postgres.ts). */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    asked_at     INTEGER NOT NULL,              -- ms since the epoch
    guild_id     TEXT,                          -- null outside guilds
    question     TEXT NOT NULL,
    question_key TEXT NOT NULL,                 -- normalised, for grouping repeats
    abstained    INTEGER NOT NULL CHECK (abstained IN (0, 1)),
    answer_ids   TEXT NOT NULL                  -- JSON array of sentence ids, best first
  );
  CREATE INDEX questions_by_time ON questions (asked_at);
  CREATE INDEX questions_unanswered ON questions (abstained, asked_at);

  CREATE TABLE votes (
    id           INTEGER PRIMARY KEY,
    voted_at     INTEGER NOT NULL,
    guild_id     TEXT,
    question_id  INTEGER,                       -- questions.id when known; not a foreign key, purges are by time
    question     TEXT NOT NULL,
    question_key TEXT NOT NULL,
    answer_id    TEXT NOT NULL,
    vote         INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voter        TEXT                           -- keyed hash of the user id, or null
  );
  CREATE INDEX votes_by_time ON votes (voted_at);
  CREATE INDEX votes_by_answer ON votes (answer_id, voted_at);
  CREATE UNIQUE INDEX votes_one_per_voter ON votes (voter, question_key, answer_id) WHERE voter IS NOT NULL;
  `,
  // Vote buttons carry a random token instead of the guessable row id.
  `
  ALTER TABLE questions ADD COLUMN token TEXT;
  CREATE UNIQUE INDEX questions_by_token ON questions (token) WHERE token IS NOT NULL;
  `,
];

/** Characters of a question token: 96 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{16}$/;

/** A fresh public id for a question (what its vote buttons carry). */
export function newQuestionToken(): string {
  return randomBytes(12).toString('base64url');
}

/** Whether `text` has the shape of a question token (it may still name no question). */
export function isQuestionToken(text: string): boolean {
  return TOKEN.test(text);
}

interface Statements {
  insertQuestion: Statement;
  getQuestion: Statement;
  getQuestionByToken: Statement;
  upsertVote: Statement;
  insertVote: Statement;
  topUnanswered: Statement;
  mostDownvoted: Statement;
  downvotedQuestions: Statement;
  deleteQuestionsBefore: Statement;
  deleteVotesBefore: Statement;
  deleteAllQuestions: Statement;
  deleteAllVotes: Statement;
  getMeta: Statement;
  setMeta: Statement;
  addMeta: Statement;
}

export class FeedbackStore {
  /** Full path of the database file. */
  readonly file: string;
  private readonly db: Database;
  private readonly now: () => number;
  private readonly sql: Statements;

  constructor(options: FeedbackStoreOptions) {
    const busyTimeout = options.busyTimeoutMs ?? 5000;
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(options.dataDir, options.fileName ?? FEEDBACK_FILE);
    // Questions are user content: create the file readable by its owner only.
    if (!existsSync(this.file)) closeSync(openSync(this.file, 'a', 0o600));
    const clock = options.now ?? (() => Date.now());
    this.now = () => {
      const t = clock();
      return typeof t === 'number' ? t : t.getTime();
    };
    this.db = new SqliteDatabase(this.file, { timeout: busyTimeout });
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout))}`);
      enableWal(this.db, busyTimeout);
      this.db.pragma('synchronous = NORMAL');
      // Purged rows are overwritten, not just unlinked.
      this.db.pragma('secure_delete = ON');
      migrate(this.db);
      this.sql = prepare(this.db);
      this.voterKey(); // create the hashing key now, not in the middle of a vote
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Opens (creating if needed) `feedback.sqlite` under `dataDir`. */
  static open(dataDir: string, options: Omit<FeedbackStoreOptions, 'dataDir'> = {}): FeedbackStore {
    return new FeedbackStore({ ...options, dataDir });
  }

  /** The schema version the file is at. */
  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  /** SQLite's journal mode for the file ("wal" once opened). */
  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  /**
   * How long a statement waits for another process's lock before failing with SQLITE_BUSY.
   * The bot sets 0 once the file is open: a wait would stop its event loop.
   */
  setBusyTimeout(ms: number): void {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
  }

  /** Records a question and what the bot did with it; returns its row id. */
  recordQuestion(record: QuestionRecord): number {
    const question = clipQuestion(record.question);
    const answerIds = checkIds(record.answerIds);
    const token = record.token ?? newQuestionToken();
    if (!isQuestionToken(token)) throw new TypeError('question token must come from newQuestionToken()');
    const result = this.sql.insertQuestion.run({
      token,
      asked_at: this.now(),
      guild_id: record.guildId ?? null,
      question,
      question_key: questionKey(question),
      abstained: record.abstained ? 1 : 0,
      answer_ids: JSON.stringify(answerIds),
    });
    return Number(result.lastInsertRowid);
  }

  getQuestion(id: number): StoredQuestion | undefined {
    const row = this.sql.getQuestion.get(id) as QuestionRow | undefined;
    return row ? toStoredQuestion(row) : undefined;
  }

  getQuestionByToken(token: string): StoredQuestion | undefined {
    if (!isQuestionToken(token)) return undefined;
    const row = this.sql.getQuestionByToken.get(token) as QuestionRow | undefined;
    return row ? toStoredQuestion(row) : undefined;
  }

  /**
   * Whether a vote may be recorded, and on which stored question (undefined: none stored, the
   * vote stands on the question text it carries). Refused: a stored question asked in another
   * guild, shown with another text than the message voted on carries, or that did not get
   * this answer; and an unknown question without its text.
   */
  checkVote(record: Pick<VoteRecord, 'answerId' | 'questionToken' | 'questionId' | 'question' | 'guildId'>): { ok: boolean; stored?: StoredQuestion } {
    const stored =
      record.questionToken !== undefined ? this.getQuestionByToken(record.questionToken) : record.questionId !== undefined ? this.getQuestion(record.questionId) : undefined;
    if (!stored) return { ok: record.question !== undefined && record.question.trim() !== '' };
    return { ok: voteFits(stored, record), stored };
  }

  /**
   * Records 👍 or 👎 on one answer. Returns false, storing nothing, when `checkVote` refuses
   * it. A user's second vote on the same answer to the same question in the same guild
   * replaces the first.
   */
  recordVote(record: VoteRecord): boolean {
    const [answerId] = checkIds([record.answerId]);
    if (record.vote !== 'up' && record.vote !== 'down') throw new TypeError('vote must be "up" or "down"');
    const check = this.checkVote(record);
    if (!check.ok) return false;
    const stored = check.stored;
    const question = stored ? stored.question : clipQuestion(record.question!);
    const guildId = stored ? stored.guildId : (record.guildId ?? null);
    const questionId = stored ? stored.id : null;
    const row = {
      voted_at: this.now(),
      guild_id: guildId,
      question_id: questionId,
      question,
      question_key: questionKey(question),
      answer_id: answerId,
      vote: record.vote === 'up' ? 1 : -1,
      voter: record.userId === undefined ? null : this.hashVoter(record.userId, guildId),
    };
    (row.voter === null ? this.sql.insertVote : this.sql.upsertVote).run(row);
    return true;
  }

  /** The questions the bot most often abstained on in the last `days` days, most frequent first. */
  topUnanswered(days = 30, limit = 10, guildId?: string): UnansweredQuestion[] {
    const rows = this.sql.topUnanswered.all({ since: this.since(days), guild: guildId ?? null, limit: checkLimit(limit) }) as Array<{
      question: string;
      count: number;
      last: number;
    }>;
    return rows.map((r) => ({ question: r.question, count: r.count, lastAsked: new Date(r.last) }));
  }

  /** The answers with the most 👎 in the last `days` days (only answers with at least one). */
  mostDownvoted(days = 30, limit = 10, guildId?: string): DownvotedAnswer[] {
    const since = this.since(days);
    const guild = guildId ?? null;
    const rows = this.sql.mostDownvoted.all({ since, guild, limit: checkLimit(limit) }) as Array<{
      answer_id: string;
      down: number;
      up: number;
      last: number;
    }>;
    return rows.map((r) => ({
      answerId: r.answer_id,
      down: r.down,
      up: r.up,
      questions: (this.sql.downvotedQuestions.all({ answer: r.answer_id, since, guild }) as Array<{ question: string }>).map((q) => q.question),
      lastVoted: new Date(r.last),
    }));
  }

  /** Deletes questions and votes older than `days` days; returns how many rows went. */
  purgeOlderThan(days: number): PurgeResult {
    const before = this.since(days);
    const result = this.db
      .transaction(() => ({
        questions: this.sql.deleteQuestionsBefore.run(before).changes,
        votes: this.sql.deleteVotesBefore.run(before).changes,
      }))
      .immediate();
    this.checkpoint();
    return result;
  }

  /** Deletes every question and vote, and replaces the key that voter hashes were made with. */
  purgeAll(): PurgeResult {
    const result = this.db
      .transaction(() => {
        const counts = { questions: this.sql.deleteAllQuestions.run().changes, votes: this.sql.deleteAllVotes.run().changes };
        this.sql.setMeta.run('voter_key', newVoterKey());
        return counts;
      })
      .immediate();
    this.checkpoint();
    return result;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private since(days: number): number {
    if (!Number.isFinite(days) || days < 0) throw new RangeError('days must be a number of days, 0 or more');
    return this.now() - days * DAY_MS;
  }

  /** Copies the write-ahead log into the main file and empties it, so purged text does not linger there. */
  private checkpoint(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Another process is reading; its next checkpoint will do it.
    }
  }

  private voterKey(): string {
    const existing = this.sql.getMeta.get('voter_key') as { value: string } | undefined;
    if (existing) return existing.value;
    // Two processes may race here: INSERT OR IGNORE keeps the first key, and both read it back.
    this.sql.addMeta.run('voter_key', newVoterKey());
    return (this.sql.getMeta.get('voter_key') as { value: string }).value;
  }

  /** The member in that guild: the same member voting in two servers is two voters, not linkable to each other. */
  private hashVoter(userId: string, guildId: string | null): string {
    return hashVoter(this.voterKey(), userId, guildId);
  }
}

/** The voter as kept: HMAC-SHA256 of the guild and user ids under the database's key, shortened. */
export function hashVoter(key: string, userId: string, guildId: string | null): string {
  return createHmac('sha256', key)
    .update(`${guildId ?? ''}:${String(userId)}`)
    .digest('base64url')
    .slice(0, 22);
}

/** A fresh voter-hash key (what `purgeAll` puts in place of the old one). */
export function newVoterKey(): string {
  return randomBytes(32).toString('base64');
}

interface QuestionRow {
  id: number;
  asked_at: number;
  guild_id: string | null;
  question: string;
  abstained: number;
  answer_ids: string;
}

/** Whether a vote given in `record.guildId`, on a message showing `record.question`, is one on `stored`. */
export function voteFits(stored: Pick<StoredQuestion, 'guildId' | 'question' | 'answerIds'>, record: Pick<VoteRecord, 'answerId' | 'question' | 'guildId'>): boolean {
  if ((stored.guildId ?? null) !== (record.guildId ?? null)) return false;
  const shown = record.question?.trim() ? questionKey(clipQuestion(record.question)) : undefined;
  if (shown !== undefined && shown !== questionKey(clipQuestion(stored.question))) return false;
  return stored.answerIds.includes(record.answerId);
}

function toStoredQuestion(row: QuestionRow): StoredQuestion {
  return {
    id: row.id,
    askedAt: new Date(row.asked_at),
    guildId: row.guild_id,
    question: row.question,
    abstained: row.abstained === 1,
    answerIds: JSON.parse(row.answer_ids) as string[],
  };
}

/** Sets WAL mode; another process opening the file at the same moment can make the first attempt fail. */
function enableWal(db: Database, busyTimeout: number): void {
  const deadline = Date.now() + busyTimeout;
  for (;;) {
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = WAL', { simple: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
    }
    if (mode === 'wal' || Date.now() > deadline) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** Applies the migrations the file has not had yet, in one write transaction so concurrent openers apply them once. */
function migrate(db: Database): void {
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > MIGRATIONS.length) {
      throw new Error(`feedback database is at schema version ${version}, newer than this program (${MIGRATIONS.length}); upgrade the bot`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

function prepare(db: Database): Statements {
  const guildFilter = '(@guild IS NULL OR guild_id = @guild)';
  return {
    insertQuestion: db.prepare(
      `INSERT INTO questions (token, asked_at, guild_id, question, question_key, abstained, answer_ids)
       VALUES (@token, @asked_at, @guild_id, @question, @question_key, @abstained, @answer_ids)`,
    ),
    getQuestion: db.prepare('SELECT id, asked_at, guild_id, question, abstained, answer_ids FROM questions WHERE id = ?'),
    getQuestionByToken: db.prepare('SELECT id, asked_at, guild_id, question, abstained, answer_ids FROM questions WHERE token = ?'),
    insertVote: db.prepare(
      `INSERT INTO votes (voted_at, guild_id, question_id, question, question_key, answer_id, vote, voter)
       VALUES (@voted_at, @guild_id, @question_id, @question, @question_key, @answer_id, @vote, @voter)`,
    ),
    upsertVote: db.prepare(
      `INSERT INTO votes (voted_at, guild_id, question_id, question, question_key, answer_id, vote, voter)
       VALUES (@voted_at, @guild_id, @question_id, @question, @question_key, @answer_id, @vote, @voter)
       ON CONFLICT (voter, question_key, answer_id) WHERE voter IS NOT NULL
       DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at, guild_id = excluded.guild_id,
                     question_id = excluded.question_id, question = excluded.question`,
    ),
    // With max(), SQLite takes the bare column (question) from the row holding the maximum: the latest wording.
    topUnanswered: db.prepare(
      `SELECT question, COUNT(*) AS count, MAX(asked_at) AS last
       FROM questions
       WHERE abstained = 1 AND asked_at >= @since AND ${guildFilter}
       GROUP BY question_key
       ORDER BY count DESC, last DESC
       LIMIT @limit`,
    ),
    mostDownvoted: db.prepare(
      `SELECT answer_id, SUM(vote = -1) AS down, SUM(vote = 1) AS up, MAX(voted_at) AS last
       FROM votes
       WHERE voted_at >= @since AND ${guildFilter}
       GROUP BY answer_id
       HAVING down > 0
       ORDER BY down DESC, down - up DESC, last DESC
       LIMIT @limit`,
    ),
    downvotedQuestions: db.prepare(
      `SELECT question, MAX(voted_at) AS last
       FROM votes
       WHERE answer_id = @answer AND vote = -1 AND voted_at >= @since AND ${guildFilter}
       GROUP BY question_key
       ORDER BY last DESC
       LIMIT 3`,
    ),
    deleteQuestionsBefore: db.prepare('DELETE FROM questions WHERE asked_at < ?'),
    deleteVotesBefore: db.prepare('DELETE FROM votes WHERE voted_at < ?'),
    deleteAllQuestions: db.prepare('DELETE FROM questions'),
    deleteAllVotes: db.prepare('DELETE FROM votes'),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    addMeta: db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
  };
}

export function clipQuestion(question: string): string {
  if (typeof question !== 'string') throw new TypeError('question must be a string');
  const text = question.replace(/\s+/g, ' ').trim();
  if (!text) throw new TypeError('question must not be empty');
  // Cut by code points so a surrogate pair is never split.
  const chars = Array.from(text);
  return chars.length > MAX_STORED_QUESTION_CHARS ? chars.slice(0, MAX_STORED_QUESTION_CHARS).join('') : text;
}

export function checkIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids)) throw new TypeError('answer ids must be an array of strings');
  if (ids.length > MAX_ANSWER_IDS) throw new RangeError(`at most ${MAX_ANSWER_IDS} answer ids`);
  return ids.map((id) => {
    if (typeof id !== 'string' || !id || id.length > MAX_ID_CHARS) throw new TypeError(`answer id must be a string of 1-${MAX_ID_CHARS} characters`);
    return id;
  });
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number, 1 or more');
  return Math.min(limit, 1000);
}
