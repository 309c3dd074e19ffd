import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Watches a directory tree for changes to its files.
 *
 * One plain (non-recursive) `fs.watch` per directory: a directory watch reports entries
 * by name, so it keeps working when an editor saves by writing a temporary file and
 * renaming it over the original (the file's inode changes, its name does not). Node's
 * own `recursive: true` on Linux loses track of a file replaced that way. Directories
 * added or removed later are picked up on the next rename event; when the root itself
 * disappears (a checkout that replaces the folder), it is looked for again every
 * `retryMs` and a change is reported once it is back.
 */

export interface TreeWatcherOptions {
  /** Called for every change; `file` is the full path, or undefined when the platform did not say. */
  onChange(file: string | undefined): void;
  /** Called when the root cannot be watched (it is retried). */
  onError?(error: Error): void;
  /** How often to look for a missing root, in ms (default 2000). */
  retryMs?: number;
}

export interface TreeWatcher {
  /** Directories currently watched. */
  readonly directories: readonly string[];
  close(): void;
}

export function watchTree(root: string, options: TreeWatcherOptions): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  const retryMs = options.retryMs ?? 2000;
  let rootInode: number | undefined;
  let closed = false;
  let syncTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const unwatch = (dir: string) => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };

  const add = (dir: string) => {
    if (watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (event, name) => {
        if (closed) return;
        if (event === 'rename') scheduleSync();
        options.onChange(name ? path.join(dir, name.toString()) : undefined);
      });
      watcher.on('error', (error) => {
        unwatch(dir);
        if (dir === root) options.onError?.(error);
        scheduleSync();
      });
      watchers.set(dir, watcher);
    } catch (error) {
      if (dir === root) options.onError?.(error as Error);
    }
  };

  const sync = () => {
    if (closed) return;
    let inode: number | undefined;
    try {
      const info = statSync(root);
      inode = info.isDirectory() ? info.ino : undefined;
    } catch {
      inode = undefined;
    }
    if (inode === undefined) {
      for (const dir of [...watchers.keys()]) unwatch(dir);
      rootInode = undefined;
      retryTimer ??= setTimeout(() => {
        retryTimer = undefined;
        const wasMissing = rootInode === undefined;
        sync();
        if (wasMissing && rootInode !== undefined) options.onChange(undefined);
      }, retryMs).unref();
      return;
    }
    if (rootInode !== undefined && inode !== rootInode) for (const dir of [...watchers.keys()]) unwatch(dir);
    rootInode = inode;
    const dirs = new Set(listDirectories(root));
    for (const dir of dirs) add(dir);
    for (const dir of [...watchers.keys()]) if (!dirs.has(dir)) unwatch(dir);
  };

  const scheduleSync = () => {
    if (closed || syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      sync();
    }, 20).unref();
  };

  sync();

  return {
    get directories() {
      return [...watchers.keys()];
    },
    close() {
      closed = true;
      clearTimeout(syncTimer);
      clearTimeout(retryTimer);
      for (const dir of [...watchers.keys()]) unwatch(dir);
    },
  };
}

/** `root` and every directory under it, skipping hidden ones (as the loader does). */
function listDirectories(root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    let entries;
    try {
      entries = readdirSync(out[i]!, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(path.join(out[i]!, entry.name));
  }
  return out;
}
