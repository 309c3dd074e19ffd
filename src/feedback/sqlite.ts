import { createRequire } from 'node:module';

/**
 * The part of better-sqlite3's API this project uses, typed here because the package
 * ships no type declarations (see its lib/database.js and lib/methods/*.js).
 */

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface Transaction<F extends (...args: never[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Runs inside BEGIN IMMEDIATE: takes the write lock first, so the busy timeout applies. */
  immediate(...args: Parameters<F>): ReturnType<F>;
  deferred(...args: Parameters<F>): ReturnType<F>;
  exclusive(...args: Parameters<F>): ReturnType<F>;
}

export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
  close(): Database;
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
}

export interface DatabaseOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Milliseconds to wait for another connection's lock before failing with SQLITE_BUSY (default 5000). */
  timeout?: number;
}

export type DatabaseConstructor = new (filename: string, options?: DatabaseOptions) => Database;

const require = createRequire(import.meta.url);

/**
 * better-sqlite3 is an optional dependency: it is a native module, and where no prebuilt
 * binary fits and no C++ toolchain is installed, `npm ci` goes on without it. Everything
 * but the bot's feedback works then; this error says so and how to fix it.
 */
export class SqliteUnavailableError extends Error {
  override name = 'SqliteUnavailableError';
}

let loaded: DatabaseConstructor | undefined;

/** better-sqlite3's Database class, loaded on first use; throws SqliteUnavailableError when it is not installed or not built. */
export function sqliteDatabase(load: (id: string) => unknown = require): DatabaseConstructor {
  if (loaded && load === require) return loaded;
  try {
    const constructor = load('better-sqlite3') as DatabaseConstructor;
    if (load === require) loaded = constructor;
    return constructor;
  } catch (error) {
    throw new SqliteUnavailableError(
      'better-sqlite3 is not installed or could not be built for this Node.js, so feedback (👍/👎 and /gaps) is off. ' +
        'To fix it: install a C++ toolchain (Debian/Ubuntu: apt-get install build-essential python3) and run `npm rebuild better-sqlite3`, ' +
        'use a Node.js version it ships prebuilt binaries for, or set DATABASE_URL to keep feedback in PostgreSQL.',
      { cause: error },
    );
  }
}

/** better-sqlite3's Database class (loaded when first constructed). */
export const SqliteDatabase = function SqliteDatabase(filename: string, options?: DatabaseOptions): Database {
  const Constructor = sqliteDatabase();
  return new Constructor(filename, options);
} as unknown as DatabaseConstructor;
