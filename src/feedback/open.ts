import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { SqliteFeedback, isTransient, type FeedbackBackend } from './backend.ts';
import { SqliteUnavailableError } from './sqlite.ts';
import { FEEDBACK_FILE, FeedbackStore } from './store.ts';

/** SQLite's codes for a file that is not (or no longer) a readable database. */
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && [...CORRUPT].some((c) => code === c || code.startsWith(`${c}_`));
}

/** How long records wait in memory for a PostgreSQL server that is away (a restart, a failover) before they are dropped. */
export const POSTGRES_MAX_WAIT_MS = 10 * 60 * 1000;

/**
 * The feedback store for the bot: PostgreSQL when DATABASE_URL is set, otherwise the
 * SQLite file under DATA_DIR. Undefined (feedback off, said in the log) when it cannot be.
 */
export async function openFeedback(
  config: { DATA_DIR: string; DATABASE_URL?: string | undefined },
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<FeedbackBackend | undefined> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, logger);
  const notices: string[] = [];
  const store = openFeedbackStore(config.DATA_DIR, logger, notices);
  return store ? new SqliteFeedback(store, notices[0]) : undefined;
}

/**
 * PostgreSQL: the schema is applied now. A server that cannot be reached is said in the
 * log and does not stop the bot: the schema is applied, and the waiting records written,
 * once it answers. A server that refuses (a wrong password, a missing database) is said
 * too, and feedback is off.
 */
async function openPostgres(url: string, logger: Pick<Logger, 'info' | 'warn' | 'error'>): Promise<FeedbackBackend | undefined> {
  const { PostgresFeedback } = await import('./postgres.ts');
  let lastWarning = 0;
  const store = new PostgresFeedback({
    url,
    onError: (error) => {
      // An idle connection dropped by the server; the next query reconnects. Once a minute is enough.
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      logger.warn({ event: 'feedback-connection-lost', where: store.where, err: error }, 'lost a connection to the feedback database');
    },
  });
  try {
    const version = await store.migrate();
    logger.info({ where: store.where, schemaVersion: version }, 'feedback database open');
    return store;
  } catch (error) {
    if (isTransient(error)) {
      logger.error(
        { event: 'feedback-unreachable', where: store.where, err: error },
        'cannot reach the feedback database; feedback waits in memory and is written once it answers',
      );
      return store;
    }
    logger.error({ where: store.where, err: error }, 'the feedback database refused the bot; running without 👍/👎 and /gaps (check DATABASE_URL)');
    await store.close();
    return undefined;
  }
}

/**
 * The feedback store under `dataDir`, for the bot. A file that is not a database is said
 * at start, in a log line naming it, moved aside (with its -wal and -shm files) as
 * `feedback.sqlite.corrupt-<time>` for whoever wants to inspect or repair it, and replaced
 * by a fresh one. Any other failure runs the bot without feedback, also said in the log.
 */
export function openFeedbackStore(dataDir: string, logger: Pick<Logger, 'info' | 'error'>, notices: string[] = []): FeedbackStore | undefined {
  try {
    return opened(FeedbackStore.open(dataDir), logger);
  } catch (error) {
    if (error instanceof SqliteUnavailableError) {
      logger.error({ event: 'feedback-off', reason: 'sqlite-unavailable' }, error.message);
      process.stderr.write(`${error.message}\n`);
      return undefined;
    }
    if (!isCorrupt(error)) {
      logger.error({ err: error, dataDir }, 'cannot open the feedback database; running without 👍/👎 and /gaps');
      return undefined;
    }
    const file = path.join(dataDir, FEEDBACK_FILE);
    const keptAs = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix);
    } catch (moveError) {
      logger.error({ event: 'feedback-corrupt', file, err: moveError }, 'the feedback database is corrupt and could not be moved aside; running without 👍/👎 and /gaps');
      return undefined;
    }
    logger.error({ event: 'feedback-corrupt', file, keptAs, err: error }, 'the feedback database is corrupt: kept aside, starting a fresh one');
    notices.push(`started fresh at ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: the old file was corrupt and is kept as ${path.basename(keptAs)}`);
    try {
      return opened(FeedbackStore.open(dataDir), logger);
    } catch (freshError) {
      logger.error({ err: freshError, dataDir }, 'cannot open a fresh feedback database; running without 👍/👎 and /gaps');
      return undefined;
    }
  }
}

function opened(store: FeedbackStore, logger: Pick<Logger, 'info'>): FeedbackStore {
  logger.info({ file: store.file }, 'feedback database open');
  return store;
}
