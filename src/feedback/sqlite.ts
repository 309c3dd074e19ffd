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

/** better-sqlite3's Database class. */
export const SqliteDatabase = require('better-sqlite3') as DatabaseConstructor;
