import { open, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finding the articles in a knowledge folder, and reading each with a bound. Names are read
 * as bytes, so a file whose name is not UTF-8 is still found and read (a name decoded to
 * text first would be written back differently, and the file would seem not to exist).
 * Every name in a message is relative to the knowledge folder, with control characters
 * made visible, so no server path reaches Discord and a newline in a name breaks no line.
 */

/** The lexicon file's name (also the search engine's; kept here so the loader does not import search code). */
const LEXICON = 'lexicon.yaml';

/** Extensions of files people mean as articles but the loader does not read. */
const IMPORTABLE = new Set(['.txt', '.html', '.htm', '.xhtml']);

export interface ListedFile {
  /** Path relative to the knowledge folder, as bytes (exactly as on disk). */
  relative: Buffer;
  /** The full path to open, as bytes. */
  full: Buffer;
  /** The relative path for messages. */
  display: string;
}

/** A note about something in the folder that is not loaded (or loaded with a caveat). */
export interface FolderNote {
  file: string;
  problem: string;
}

export interface FolderListing {
  articles: ListedFile[];
  /** Not articles, or not read: named so nothing is skipped without a word. */
  warnings: FolderNote[];
  /** Folders that could not be read at all (the base is refused with these). */
  problems: FolderNote[];
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/**
 * A path for messages: forward slashes, and control, line-separator and bidirectional
 * formatting characters written as escapes (`\n`, `\u{202e}`), so the name shows as one
 * line that reads as it is stored.
 */
export function displayName(relative: string): string {
  return relative
    .split(path.sep)
    .join('/')
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\u{${c.codePointAt(0)!.toString(16)}}`;
    });
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a folder or file could not be opened, in words. */
export function unreadableReason(error: unknown, what: 'folder' | 'file'): string {
  switch (errorCode(error)) {
    case 'ENAMETOOLONG':
      return `is nested too deep: its path is longer than this system allows, so the ${what} cannot be opened (move it higher up in the knowledge folder)`;
    case 'EACCES':
    case 'EPERM':
      return `cannot be read: permission denied`;
    case 'ENOENT':
      return `disappeared while it was being read (try again)`;
    case 'ELOOP':
      return `is a symbolic link loop and cannot be opened`;
    default:
      return `cannot be read (${errorCode(error) ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function join(dir: Buffer, name: Buffer): Buffer {
  return dir.length === 0 ? name : Buffer.concat([dir, Buffer.from(path.sep), name]);
}

/**
 * Every `*.md` article under `root` (subfolders included, hidden entries skipped), in path
 * order, with a warning for everything else that is not read and a problem for every
 * folder that cannot be opened. One bad entry never stops the listing of the others.
 */
export async function listKnowledgeFolder(root: string): Promise<FolderListing> {
  const listing: FolderListing = { articles: [], warnings: [], problems: [] };
  const rootBytes = Buffer.from(root);
  const walk = async (relative: Buffer): Promise<void> => {
    const full = relative.length ? join(rootBytes, relative) : rootBytes;
    let entries;
    try {
      entries = await readdir(full, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      listing.problems.push({ file: displayName(lossyUtf8.decode(relative)) || '.', problem: unreadableReason(error, 'folder') });
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const nameBytes = entry.name;
      if (nameBytes[0] === 0x2e) continue; // hidden: .git, editors' swap files, .gitkeep
      const rel = join(relative, nameBytes);
      const display = displayName(lossyUtf8.decode(rel));
      const name = lossyUtf8.decode(nameBytes);
      const lower = name.toLowerCase();
      if (!isValidUtf8(nameBytes)) {
        listing.warnings.push({ file: display, problem: 'has a name that is not valid UTF-8 (shown with �); it is read, but rename it so it can be named exactly' });
      }
      if (entry.isSymbolicLink()) {
        // A link can point anywhere on the server, and a change to its target is not seen by the file watcher.
        listing.warnings.push({ file: display, problem: 'is a symbolic link, which is not followed: copy the article itself into the knowledge folder' });
        continue;
      }
      if (entry.isDirectory()) {
        await walk(rel);
        continue;
      }
      if (!entry.isFile()) {
        listing.warnings.push({ file: display, problem: 'is not a regular file; ignored' });
        continue;
      }
      if (relative.length === 0 && name === LEXICON) continue;
      if (/^readme(\.[a-z]+)?$/i.test(name)) {
        listing.warnings.push({ file: display, problem: 'is a README, not an article; ignored' });
        continue;
      }
      if (lower.endsWith('.md')) {
        listing.articles.push({ relative: rel, full: join(rootBytes, rel), display });
        continue;
      }
      const ext = path.extname(lower);
      if (name === LEXICON) listing.warnings.push({ file: display, problem: `only the ${LEXICON} at the top of the knowledge folder is read; ignored` });
      else if (ext === '.markdown') listing.warnings.push({ file: display, problem: 'is not read: articles must end in .md (rename it)' });
      else if (IMPORTABLE.has(ext)) listing.warnings.push({ file: display, problem: `is not read: articles are .md files with front matter; import it with \`npm run add -- "${display}"\`` });
      else listing.warnings.push({ file: display, problem: `is not an article (.md) or ${LEXICON}; ignored` });
    }
  };
  await walk(Buffer.alloc(0));
  // Path order as text, as earlier versions listed: the order of documents (and of equal dates in the timeline) stays the same.
  const key = (file: ListedFile) => lossyUtf8.decode(file.relative);
  listing.articles.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return listing;
}

/** A file read with a bound: either its bytes, or its size when it is over `maxBytes` (nothing more is read). */
export type BoundedRead = { bytes: Uint8Array } | { tooLarge: number };

/**
 * Reads a file of at most `maxBytes`. The size is checked on the open file before
 * anything is read, and no more than `maxBytes + 1` bytes are read even if the file grows
 * meanwhile, so a huge file dropped into the folder costs nothing but a stat.
 */
export async function readBounded(file: Buffer | string, maxBytes: number): Promise<BoundedRead> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return { tooLarge: size };
    // Sized by the stat, but read to the end in case the file grew since, and never past the bound.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.max(1, Math.min(size - total + 1, maxBytes + 1 - total, 1 << 20)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { tooLarge: total };
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } finally {
    await handle.close();
  }
}
