import { statSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeBaseError, KnowledgeError } from '../knowledge/load.ts';
import { LEXICON_FILE } from '../search/lexicon.ts';
import { annotate, compareKnowledge, snapshotOf, type KnowledgeChanges, type KnowledgeSnapshot, type LoadedParts } from './snapshot.ts';
import { watchTree, type TreeWatcher } from './watch.ts';

/**
 * Knowledge the bot answers from, reloadable while it runs: `current` is always one whole
 * snapshot (see snapshot.ts); a reload swaps in a new one.
 */

/** What handlers read; `reload` is absent when the knowledge was built in memory and has no files. */
export interface KnowledgeSource {
  readonly current: KnowledgeSnapshot;
  /** The knowledge folder, when the knowledge comes from files (`/sources add` writes there). */
  readonly dir?: string;
  reload?(reason?: ReloadReason): Promise<ReloadResult>;
}

export interface ReloadReason {
  /** `watch` (a file changed), `command` (a moderator asked), or another word for the logs. */
  trigger: string;
  /** Who asked (a user id), for the logs. */
  by?: string;
  /** The files whose change started it. */
  files?: readonly string[];
}

/** One problem in one knowledge file, as the loader reported it. */
export interface KnowledgeProblem {
  file: string;
  /** The front-matter field at fault, when there is one. */
  field?: string;
  problem: string;
}

export type ReloadResult =
  | {
      status: 'reloaded';
      snapshot: KnowledgeSnapshot;
      previous: KnowledgeSnapshot;
      changes: KnowledgeChanges;
      ms: number;
      /** Files in the folder that were not loaded, each with why (absent when the loader gave none). */
      warnings?: readonly KnowledgeProblem[];
    }
  | { status: 'failed'; problems: KnowledgeProblem[]; kept: KnowledgeSnapshot; ms: number };

/** The subset of pino's logger used here. */
export interface KnowledgeLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Knowledge that never changes (built in memory, or a command-line run): one snapshot, always current. */
export function staticKnowledge(snapshot: KnowledgeSnapshot): KnowledgeSource {
  return { current: snapshot };
}

/** The loader's errors as a list of file / field / problem. */
export function describeProblems(error: unknown): KnowledgeProblem[] {
  const one = (e: KnowledgeError): KnowledgeProblem => ({ file: e.file, ...(e.field ? { field: e.field } : {}), problem: e.problem });
  if (error instanceof KnowledgeBaseError) return error.problems.map(one);
  if (error instanceof KnowledgeError) return [one(error)];
  return [{ file: '', problem: error instanceof Error ? error.message : String(error) }];
}

// ---------------------------------------------------------------------------------------
// Live knowledge: reload on demand and when files change

export interface LiveKnowledgeOptions {
  /** The knowledge directory (KNOWLEDGE_DIR). */
  dir: string;
  /** Loads and validates the directory and builds an engine (`loadKnowledge`); throws the loader's errors. */
  load(dir: string): Promise<LoadedParts>;
  logger?: KnowledgeLogger;
  /** Quiet time after the last file event before reloading, in ms (default 300). */
  debounceMs?: number;
  /** How often to look for a knowledge directory that disappeared, in ms (default 2000). */
  retryMs?: number;
}

const SILENT: KnowledgeLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Knowledge loaded from a directory, reloadable while the bot runs. A valid change swaps
 * the whole snapshot; an invalid one keeps the last good snapshot and reports each file
 * and field at fault. Reloads run one at a time: a request made while one runs starts
 * after it (requests made meanwhile share that next run), so the files are always read
 * after the last request. Every reload is logged.
 */
export class LiveKnowledge implements KnowledgeSource {
  private snapshot: KnowledgeSnapshot;
  private readonly logger: KnowledgeLogger;
  private readonly listeners = new Set<(result: ReloadResult, reason: ReloadReason) => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private next?: { promise: Promise<ReloadResult>; reason: ReloadReason };
  private watcher?: TreeWatcher;
  private debounce?: NodeJS.Timeout;
  private changedFiles = new Set<string>();

  private constructor(
    private readonly options: LiveKnowledgeOptions,
    first: KnowledgeSnapshot,
  ) {
    this.snapshot = first;
    this.logger = options.logger ?? SILENT;
  }

  /** Loads the directory once (throwing the loader's error when it is invalid, as at start-up). */
  static async open(options: LiveKnowledgeOptions): Promise<LiveKnowledge> {
    return new LiveKnowledge(options, await annotate(snapshotOf(await options.load(options.dir), 1)));
  }

  get current(): KnowledgeSnapshot {
    return this.snapshot;
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Calls `listener` after every reload, good or bad; returns an unsubscribe function. */
  onReload(listener: (result: ReloadResult, reason: ReloadReason) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reload(reason: ReloadReason = { trigger: 'command' }): Promise<ReloadResult> {
    if (this.next) {
      // Not started yet: it will read the files after this request too.
      if (reason.files) this.next.reason = { ...this.next.reason, files: [...(this.next.reason.files ?? []), ...reason.files] };
      return this.next.promise;
    }
    const pending = { reason } as { promise: Promise<ReloadResult>; reason: ReloadReason };
    pending.promise = this.chain.then(() => {
      this.next = undefined;
      return this.run(pending.reason);
    });
    this.next = pending;
    this.chain = pending.promise.catch(() => undefined);
    return pending.promise;
  }

  /** Starts watching the directory: a change to an article or the lexicon reloads after `debounceMs` of quiet. */
  watch(): void {
    if (this.watcher) return;
    this.watcher = watchTree(this.options.dir, {
      retryMs: this.options.retryMs,
      onChange: (file) => {
        if (!isKnowledgeFile(file)) return;
        if (file) this.changedFiles.add(file);
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          const files = [...this.changedFiles];
          this.changedFiles.clear();
          void this.reload({ trigger: 'watch', files });
        }, this.options.debounceMs ?? 300).unref();
      },
      onError: (error) => this.logger.warn({ event: 'knowledge-watch', dir: this.options.dir, err: error }, 'cannot watch the knowledge directory; retrying'),
    });
    this.logger.debug({ event: 'knowledge-watch', dir: this.options.dir, directories: this.watcher.directories.length }, 'watching the knowledge directory');
  }

  /** Whether the directory is being watched. */
  get watching(): boolean {
    return this.watcher !== undefined;
  }

  /** Stops watching (a reload in flight still finishes). */
  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async run(reason: ReloadReason): Promise<ReloadResult> {
    const started = performance.now();
    const previous = this.snapshot;
    const base = { event: 'knowledge-reload', trigger: reason.trigger, ...(reason.by ? { by: reason.by } : {}), ...(reason.files?.length ? { files: reason.files } : {}) };
    let result: ReloadResult;
    try {
      const snapshot = await annotate(snapshotOf(await this.options.load(this.options.dir), previous.version + 1));
      const { kb, engine } = snapshot;
      const changes = compareKnowledge(previous.kb, kb);
      // The swap: one assignment, after everything is built.
      this.snapshot = snapshot;
      const warnings = kb.warnings?.length ? { warnings: kb.warnings } : {};
      result = { status: 'reloaded', snapshot, previous, changes, ms: Math.round(performance.now() - started), ...warnings };
      this.logger.info(
        { ...base, outcome: 'reloaded', version: snapshot.version, articles: engine.sources().length, sentences: kb.sentences.length, ...changes, ms: result.ms },
        'knowledge reloaded',
      );
    } catch (error) {
      const problems = describeProblems(error);
      result = { status: 'failed', problems, kept: previous, ms: Math.round(performance.now() - started) };
      this.logger.warn(
        { ...base, outcome: 'failed', problems, keptVersion: previous.version, ms: result.ms },
        'knowledge reload failed; still answering from the last good version',
      );
    }
    for (const listener of this.listeners) {
      try {
        listener(result, reason);
      } catch {
        // A listener's failure is not the reload's.
      }
    }
    return result;
  }
}

/**
 * Whether a changed path can affect the knowledge: an article (`*.md`), the lexicon, or a
 * directory (which may hold articles). Editors' hidden, swap and backup files are not.
 */
export function isKnowledgeFile(file: string | undefined): boolean {
  if (file === undefined) return true;
  const base = path.basename(file);
  if (base.startsWith('.') || base.endsWith('~')) return false;
  if (/\.md$/i.test(base) || base === LEXICON_FILE) return true;
  try {
    return statSync(file).isDirectory();
  } catch {
    // Gone: it may have been a directory of articles.
    return !base.includes('.');
  }
}
