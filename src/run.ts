import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { ImportError } from './import/errors.ts';
import { KnowledgeBaseError, KnowledgeError } from './knowledge/load.ts';
import { DiscordUnavailableError } from './discord/unavailable.ts';
import { createLogger, type Logger } from './logger.ts';

/** Errors a user or operator can fix: shown as a message, never as a stack trace. */
export function isUserError(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof KnowledgeBaseError ||
    error instanceof KnowledgeError ||
    error instanceof UsageError ||
    error instanceof DiscordUnavailableError ||
    error instanceof ImportError
  );
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The logger of the command-line tools: their output is for people, so only warnings
 * and errors go to standard error unless LOG_LEVEL asks for more.
 */
export function cliLogger(config: Config): Logger {
  return createLogger({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
}

/** Loads `.env` (quietly) and validates the environment. */
export function readConfig(): Config {
  loadDotenv({ quiet: true });
  return loadConfig();
}

/**
 * Exit status when Discord refuses the bot's credentials (a reset token, intents the bot
 * may not use): restarting cannot help, so this is sysexits' EX_CONFIG, which supervisors
 * can be told not to restart on, and the shard manager does not respawn.
 */
export const EXIT_REFUSED = 78;

/** Runs a command's main function; user errors print their message and exit non-zero. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (isUserError(error)) {
      process.stderr.write(`${error.message}\n`);
      const own = (error as { exitCode?: unknown }).exitCode;
      process.exitCode = typeof own === 'number' ? own : error instanceof UsageError ? 2 : 1;
    } else {
      process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
    // A shard's channel to its manager would keep the process alive.
    if (process.connected) process.disconnect();
  });
}
