import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeBaseError, KnowledgeError } from '../knowledge/load.ts';
import type { KnowledgeDocument } from '../knowledge/types.ts';
import type { AnswerEngine } from '../search/engine.ts';
import { LEXICON_FILE } from '../search/lexicon.ts';
import { labelSentences, type SentenceLabel } from './claims.ts';
import { buildTimeline, type TimelineEvent } from './timeline.ts';
import { watchTree, type TreeWatcher } from './watch.ts';

/**
 * The knowledge the bot answers from, as one immutable snapshot: the engine, the
 * who-said-it label of every sentence and the timeline. Labels (about 2 ms a sentence)
 * and the timeline are computed once per load, never per question. A reload builds a
 * whole new snapshot and swaps it in with one assignment, so a reader that takes
 * `current` once sees one consistent version, never an engine of one load with the
 * labels of another. Nothing here knows about Discord.
 */
export interface KnowledgeSnapshot {
  readonly engine: AnswerEngine;
  /** Who-said-it label by sentence id. */
  readonly labels: ReadonlyMap<string, SentenceLabel>;
  /** Dated events of every article, sorted. */
  readonly timeline: readonly TimelineEvent[];
  /** 1 for the first load, one more for each successful reload. */
  readonly version: number;
  readonly loadedAt: Date;
}

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

/** Article ids by what happened to them in a reload. */
export interface KnowledgeChanges {
  added: string[];
  changed: string[];
  removed: string[];
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

// ---------------------------------------------------------------------------------------
// Snapshots

/** The engine's articles as documents (metadata and sentences in reading order). */
function documentsOf(engine: AnswerEngine): KnowledgeDocument[] {
  const byDoc = new Map<string, KnowledgeDocument>();
  for (const meta of engine.index.sources.values()) byDoc.set(meta.id, { meta, file: meta.id, body: '', sentences: [] });
  for (const sentence of engine.index.sentences) byDoc.get(sentence.docId)?.sentences.push(sentence);
  return [...byDoc.values()];
}

/** Sorts like `buildTimeline`: by date, coarser first within a period; the sort is stable, so ties keep reading order. */
function sortEvents(events: TimelineEvent[]): TimelineEvent[] {
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

interface Derived {
  labels: Map<string, SentenceLabel>;
  timeline: TimelineEvent[];
}

/** Labels and timeline per engine, so two bots (or tests) on one engine compute them once. */
const derivedCache = new WeakMap<AnswerEngine, Derived>();

function derive(documents: readonly KnowledgeDocument[]): Derived {
  const labels = new Map<string, SentenceLabel>();
  const events: TimelineEvent[] = [];
  for (const doc of documents) {
    // Labels take context from earlier sentences of the same article only, so article by article is the same as all at once.
    for (const [id, label] of labelSentences(doc.sentences)) labels.set(id, label);
    events.push(...buildTimeline({ documents: [doc] }));
  }
  return { labels, timeline: sortEvents(events) };
}

/** A snapshot of `engine`, computed at once (blocks for about 2 ms a sentence). */
export function snapshotOf(engine: AnswerEngine, version = 1): KnowledgeSnapshot {
  let derived = derivedCache.get(engine);
  if (!derived) derivedCache.set(engine, (derived = derive(documentsOf(engine))));
  return { engine, ...derived, version, loadedAt: new Date() };
}

/** A snapshot of `engine`, yielding to the event loop between articles so replies keep flowing while a large base is labelled. */
export async function buildSnapshot(engine: AnswerEngine, version = 1): Promise<KnowledgeSnapshot> {
  let derived = derivedCache.get(engine);
  if (!derived) {
    const labels = new Map<string, SentenceLabel>();
    const events: TimelineEvent[] = [];
    for (const doc of documentsOf(engine)) {
      const part = derive([doc]);
      for (const [id, label] of part.labels) labels.set(id, label);
      events.push(...part.timeline);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    derived = { labels, timeline: sortEvents(events) };
    derivedCache.set(engine, derived);
  }
  return { engine, ...derived, version, loadedAt: new Date() };
}

/** Knowledge that never changes (an engine built in memory); the snapshot is computed on first use. */
export function staticKnowledge(engine: AnswerEngine): KnowledgeSource {
  let snapshot: KnowledgeSnapshot | undefined;
  return {
    get current() {
      return (snapshot ??= snapshotOf(engine));
    },
  };
}

/** A digest of each article (metadata and sentences), to tell what a reload changed. */
function articleDigests(engine: AnswerEngine): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of documentsOf(engine)) {
    const hash = createHash('sha256').update(JSON.stringify(doc.meta));
    for (const s of doc.sentences) hash.update('\0').update(s.id).update('\0').update(s.text);
    out.set(doc.meta.id, hash.digest('hex'));
  }
  return out;
}

export function compareKnowledge(before: AnswerEngine, after: AnswerEngine): KnowledgeChanges {
  const a = articleDigests(before);
  const b = articleDigests(after);
  return {
    added: [...b.keys()].filter((id) => !a.has(id)),
    changed: [...b.keys()].filter((id) => a.has(id) && a.get(id) !== b.get(id)),
    removed: [...a.keys()].filter((id) => !b.has(id)),
  };
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
  /** Loads and validates the directory and builds an engine; throws the loader's errors. */
  load(dir: string): Promise<{ engine: AnswerEngine; kb?: { warnings?: readonly KnowledgeProblem[] } }>;
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
    const { engine } = await options.load(options.dir);
    return new LiveKnowledge(options, await buildSnapshot(engine, 1));
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
      const { engine, kb } = await this.options.load(this.options.dir);
      const snapshot = await buildSnapshot(engine, previous.version + 1);
      const changes = compareKnowledge(previous.engine, engine);
      // The swap: one assignment, after everything is built.
      this.snapshot = snapshot;
      const warnings = kb?.warnings?.length ? { warnings: kb.warnings } : {};
      result = { status: 'reloaded', snapshot, previous, changes, ms: Math.round(performance.now() - started), ...warnings };
      this.logger.info(
        { ...base, outcome: 'reloaded', version: snapshot.version, articles: engine.sources().length, sentences: engine.index.sentences.length, ...changes, ms: result.ms },
        'knowledge reloaded',
      );
    } catch (error) {
      const problems = describeProblems(error);
      result = { status: 'failed', problems, kept: previous, ms: Math.round(performance.now() - started) };
      this.logger.warn({ ...base, outcome: 'failed', problems, keptVersion: previous.version, ms: result.ms }, 'knowledge reload failed; still answering from the last good version');
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
