import pg from 'pg';
import { questionKey } from '../question.ts';
import type { FeedbackBackend } from './backend.ts';
import {
  checkIds,
  checkLimit,
  clipQuestion,
  hashVoter,
  isQuestionToken,
  newQuestionToken,
  newVoterKey,
  voteFits,
  type DownvotedAnswer,
  type PurgeResult,
  type QuestionRecord,
  type StoredQuestion,
  type UnansweredQuestion,
  type VoteRecord,
} from './store.ts';

/**
 * Feedback in PostgreSQL (DATABASE_URL): what several machines running shard slices share.
 * The same tables, columns and behaviour as the SQLite file (store.ts), so moving from one
 * to the other changes nothing a moderator sees. The schema is applied at start, under an
 * advisory lock so two machines starting together apply it once; its version is kept in
 * `meta` (`schema_version`), as SQLite keeps it in `user_version`.
 *
 * A server that is away makes calls fail quickly (connect and query time limits) with errors
 * `isTransient` knows, and the schema is applied on the first call that finds it back: the
 * recorder keeps the records meanwhile.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** Any number, the same for every factdesk: the lock that serialises migrations. */
const MIGRATION_LOCK = 0x66616374;

/** SQLite's schema in PostgreSQL's words. Never edit one that has shipped: append, in step with store.ts. */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE questions (
    id           BIGSERIAL PRIMARY KEY,
    asked_at     BIGINT NOT NULL,
    guild_id     TEXT,
    question     TEXT NOT NULL,
    question_key TEXT NOT NULL,
    abstained    SMALLINT NOT NULL CHECK (abstained IN (0, 1)),
    answer_ids   TEXT NOT NULL
  );
  CREATE INDEX questions_by_time ON questions (asked_at);
  CREATE INDEX questions_unanswered ON questions (abstained, asked_at);

  CREATE TABLE votes (
    id           BIGSERIAL PRIMARY KEY,
    voted_at     BIGINT NOT NULL,
    guild_id     TEXT,
    question_id  BIGINT,
    question     TEXT NOT NULL,
    question_key TEXT NOT NULL,
    answer_id    TEXT NOT NULL,
    vote         SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
    voter        TEXT
  );
  CREATE INDEX votes_by_time ON votes (voted_at);
  CREATE INDEX votes_by_answer ON votes (answer_id, voted_at);
  CREATE UNIQUE INDEX votes_one_per_voter ON votes (voter, question_key, answer_id) WHERE voter IS NOT NULL;
  `,
  `
  ALTER TABLE questions ADD COLUMN token TEXT;
  CREATE UNIQUE INDEX questions_by_token ON questions (token) WHERE token IS NOT NULL;
  `,
];

export interface PostgresFeedbackOptions {
  url: string;
  now?: () => Date | number;
  /** Connections kept at most (default 4: writes are one at a time, reads are /gaps). */
  maxConnections?: number;
  /** How long connecting, and a query, may take before failing (ms; default 3,000 and 5,000). */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** Told about connection errors on idle connections (the server went away). */
  onError?: (error: Error) => void;
}

interface QuestionRow {
  id: string;
  asked_at: string;
  guild_id: string | null;
  question: string;
  abstained: number;
  answer_ids: string;
}

const QUESTION_COLUMNS = 'id, asked_at, guild_id, question, abstained, answer_ids';
const GUILD_FILTER = '($2::text IS NULL OR guild_id = $2)';

export class PostgresFeedback implements FeedbackBackend {
  readonly kind = 'postgresql';
  readonly where: string;
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private migrated: Promise<number> | undefined;

  constructor(options: PostgresFeedbackOptions) {
    this.where = describeUrl(options.url);
    const clock = options.now ?? (() => Date.now());
    this.now = () => {
      const t = clock();
      return typeof t === 'number' ? t : t.getTime();
    };
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
      query_timeout: options.queryTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'factdesk',
    });
    // An idle connection the server drops emits here; unhandled, it would end the process.
    this.pool.on('error', (error) => options.onError?.(error));
  }

  /** Applies the migrations the database has not had yet; resolves with the schema version. Tried again on the next call after a failure. */
  migrate(): Promise<number> {
    if (!this.migrated) {
      this.migrated = this.applyMigrations();
      this.migrated.catch(() => (this.migrated = undefined));
    }
    return this.migrated;
  }

  async schemaVersion(): Promise<number> {
    await this.migrate();
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
    return Number(rows[0]?.value ?? 0);
  }

  async recordQuestion(record: QuestionRecord): Promise<number> {
    await this.migrate();
    const question = clipQuestion(record.question);
    const answerIds = checkIds(record.answerIds);
    const token = record.token ?? newQuestionToken();
    if (!isQuestionToken(token)) throw new TypeError('question token must come from newQuestionToken()');
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO questions (token, asked_at, guild_id, question, question_key, abstained, answer_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [token, this.now(), record.guildId ?? null, question, questionKey(question), record.abstained ? 1 : 0, JSON.stringify(answerIds)],
    );
    return Number(rows[0]!.id);
  }

  async getQuestion(id: number): Promise<StoredQuestion | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    await this.migrate();
    const { rows } = await this.pool.query<QuestionRow>(`SELECT ${QUESTION_COLUMNS} FROM questions WHERE id = $1`, [id]);
    return rows[0] ? toStoredQuestion(rows[0]) : undefined;
  }

  async getQuestionByToken(token: string): Promise<StoredQuestion | undefined> {
    if (!isQuestionToken(token)) return undefined;
    await this.migrate();
    const { rows } = await this.pool.query<QuestionRow>(`SELECT ${QUESTION_COLUMNS} FROM questions WHERE token = $1`, [token]);
    return rows[0] ? toStoredQuestion(rows[0]) : undefined;
  }

  async checkVote(record: Parameters<FeedbackBackend['checkVote']>[0]): Promise<{ ok: boolean; stored?: StoredQuestion }> {
    const stored =
      record.questionToken !== undefined
        ? await this.getQuestionByToken(record.questionToken)
        : record.questionId !== undefined
          ? await this.getQuestion(record.questionId)
          : undefined;
    if (!stored) return { ok: record.question !== undefined && record.question.trim() !== '' };
    return { ok: voteFits(stored, record), stored };
  }

  async recordVote(record: VoteRecord): Promise<boolean> {
    const [answerId] = checkIds([record.answerId]);
    if (record.vote !== 'up' && record.vote !== 'down') throw new TypeError('vote must be "up" or "down"');
    const check = await this.checkVote(record);
    if (!check.ok) return false;
    const stored = check.stored;
    const question = stored ? stored.question : clipQuestion(record.question!);
    const guildId = stored ? stored.guildId : (record.guildId ?? null);
    const voter = record.userId === undefined ? null : hashVoter(await this.voterKey(), record.userId, guildId);
    const values = [this.now(), guildId, stored ? stored.id : null, question, questionKey(question), answerId, record.vote === 'up' ? 1 : -1, voter];
    const insert = `INSERT INTO votes (voted_at, guild_id, question_id, question, question_key, answer_id, vote, voter)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    await this.pool.query(
      voter === null
        ? insert
        : `${insert}
       ON CONFLICT (voter, question_key, answer_id) WHERE voter IS NOT NULL
       DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at, guild_id = excluded.guild_id,
                     question_id = excluded.question_id, question = excluded.question`,
      values,
    );
    return true;
  }

  async topUnanswered(days = 30, limit = 10, guildId?: string): Promise<UnansweredQuestion[]> {
    const since = this.since(days);
    await this.migrate();
    // The latest wording of each group, as SQLite's bare column next to MAX() gives it.
    const { rows } = await this.pool.query<{ question: string; count: string; last: string }>(
      `SELECT (array_agg(question ORDER BY asked_at DESC, id DESC))[1] AS question, COUNT(*) AS count, MAX(asked_at) AS last
       FROM questions
       WHERE abstained = 1 AND asked_at >= $1 AND ${GUILD_FILTER}
       GROUP BY question_key
       ORDER BY count DESC, last DESC
       LIMIT $3`,
      [since, guildId ?? null, checkLimit(limit)],
    );
    return rows.map((r) => ({ question: r.question, count: Number(r.count), lastAsked: new Date(Number(r.last)) }));
  }

  async mostDownvoted(days = 30, limit = 10, guildId?: string): Promise<DownvotedAnswer[]> {
    const since = this.since(days);
    const guild = guildId ?? null;
    await this.migrate();
    const { rows } = await this.pool.query<{ answer_id: string; down: string; up: string; last: string }>(
      `SELECT answer_id, down, up, last FROM (
         SELECT answer_id, SUM(CASE WHEN vote = -1 THEN 1 ELSE 0 END) AS down, SUM(CASE WHEN vote = 1 THEN 1 ELSE 0 END) AS up, MAX(voted_at) AS last
         FROM votes
         WHERE voted_at >= $1 AND ${GUILD_FILTER}
         GROUP BY answer_id
       ) AS tally
       WHERE down > 0
       ORDER BY down DESC, down - up DESC, last DESC
       LIMIT $3`,
      [since, guild, checkLimit(limit)],
    );
    const out: DownvotedAnswer[] = [];
    for (const r of rows) {
      const questions = await this.pool.query<{ question: string }>(
        `SELECT (array_agg(question ORDER BY voted_at DESC, id DESC))[1] AS question, MAX(voted_at) AS last
         FROM votes
         WHERE answer_id = $3 AND vote = -1 AND voted_at >= $1 AND ${GUILD_FILTER}
         GROUP BY question_key
         ORDER BY last DESC
         LIMIT 3`,
        [since, guild, r.answer_id],
      );
      out.push({ answerId: r.answer_id, down: Number(r.down), up: Number(r.up), questions: questions.rows.map((q) => q.question), lastVoted: new Date(Number(r.last)) });
    }
    return out;
  }

  async purgeOlderThan(days: number): Promise<PurgeResult> {
    const before = this.since(days);
    return this.transaction(async (client) => ({
      questions: (await client.query('DELETE FROM questions WHERE asked_at < $1', [before])).rowCount ?? 0,
      votes: (await client.query('DELETE FROM votes WHERE voted_at < $1', [before])).rowCount ?? 0,
    }));
  }

  async purgeAll(): Promise<PurgeResult> {
    return this.transaction(async (client) => {
      const counts = { questions: (await client.query('DELETE FROM questions')).rowCount ?? 0, votes: (await client.query('DELETE FROM votes')).rowCount ?? 0 };
      await client.query("INSERT INTO meta (key, value) VALUES ('voter_key', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [newVoterKey()]);
      return counts;
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private since(days: number): number {
    if (!Number.isFinite(days) || days < 0) throw new RangeError('days must be a number of days, 0 or more');
    return this.now() - days * DAY_MS;
  }

  private async voterKey(): Promise<string> {
    // Read each time, as SQLite does: a purgeAll by another machine replaces it.
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'voter_key'");
    if (rows[0]) return rows[0].value;
    await this.pool.query("INSERT INTO meta (key, value) VALUES ('voter_key', $1) ON CONFLICT (key) DO NOTHING", [newVoterKey()]);
    const again = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'voter_key'");
    return again.rows[0]!.value;
  }

  private async transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.migrate();
    return this.transaction0(run);
  }

  private async applyMigrations(): Promise<number> {
    return this.transaction0(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const exists = await client.query<{ present: boolean }>("SELECT to_regclass('meta') IS NOT NULL AS present");
      let version = 0;
      if (exists.rows[0]?.present) {
        const { rows } = await client.query<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
        version = Number(rows[0]?.value ?? 0);
      }
      if (version > PG_MIGRATIONS.length) {
        throw new Error(`feedback database is at schema version ${version}, newer than this program (${PG_MIGRATIONS.length}); upgrade the bot`);
      }
      for (let v = version; v < PG_MIGRATIONS.length; v++) await client.query(PG_MIGRATIONS[v]!);
      await client.query("INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(PG_MIGRATIONS.length)]);
      await client.query("INSERT INTO meta (key, value) VALUES ('voter_key', $1) ON CONFLICT (key) DO NOTHING", [newVoterKey()]);
      return PG_MIGRATIONS.length;
    });
  }

  /** A transaction without waiting for the migrations (they run in one). */
  private async transaction0<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await run(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function toStoredQuestion(row: QuestionRow): StoredQuestion {
  return {
    id: Number(row.id),
    askedAt: new Date(Number(row.asked_at)),
    guildId: row.guild_id,
    question: row.question,
    abstained: Number(row.abstained) === 1,
    answerIds: JSON.parse(row.answer_ids) as string[],
  };
}

/** `postgresql://host:port/database`, without user or password, for the logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.host}${u.pathname}`;
  } catch {
    return 'postgresql';
  }
}
