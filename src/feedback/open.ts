import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { FEEDBACK_FILE, FeedbackStore } from './store.ts';

/** SQLite's codes for a file that is not (or no longer) a readable database. */
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && [...CORRUPT].some((c) => code === c || code.startsWith(`${c}_`));
}

/**
 * The feedback store under `dataDir`, for the bot. A file that is not a database is said
 * at start, in a log line naming it, moved aside (with its -wal and -shm files) as
 * `feedback.sqlite.corrupt-<time>` for whoever wants to inspect or repair it, and replaced
 * by a fresh one. Any other failure runs the bot without feedback, also said in the log.
 */
export function openFeedbackStore(dataDir: string, logger: Pick<Logger, 'info' | 'error'>): FeedbackStore | undefined {
  try {
    return opened(FeedbackStore.open(dataDir), logger);
  } catch (error) {
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
