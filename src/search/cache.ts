import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge/types.ts';
import { INDEX_FORMAT, knowledgeDigest, SentenceIndex } from './sentence-index.ts';

/**
 * The prebuilt index cache: the serialised sentence index saved next to the bot's other
 * data, so a restart loads it instead of tokenising every sentence again.
 *
 * The file is one JSON header line, then the index's bytes (`SentenceIndex.toBinary`):
 *
 *     {"magic":"factdesk-index-cache","key":"…","bytes":123,"sha256":"…"}
 *     <index bytes>
 *
 * The key is a hash of what the index depends on: the knowledge files (their
 * fingerprint), the lexicon file, `ENGINE_VERSION`, the index format and the source of
 * the modules that turn text into index entries. Nothing in the file is trusted: a
 * wrong magic, another key, a body whose length or checksum differs, an index that fails
 * its own checks or was built from other sentences than the knowledge base's all mean
 * "rebuild", and the rebuilt index replaces the file
 * atomically (a temporary file renamed over it). A cache directory that cannot be
 * written is reported and otherwise ignored: the engine works without its cache.
 */

/** Bump when indexing changes in a way the source signature below cannot see. */
export const ENGINE_VERSION = 2;
export const INDEX_CACHE_FILE = 'index-cache.bin';
const MAGIC = 'factdesk-index-cache';

/** Where cache events are reported; pino's logger fits. */
export interface CacheLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface IndexCacheOptions {
  /** Directory that holds the cache file (the bot's DATA_DIR). */
  dir: string;
  /** The lexicon file's bytes ('' when there is none): part of the key. */
  lexicon?: string | Uint8Array;
  logger?: CacheLogger;
  /** Build progress, when the index has to be built. */
  onProgress?: (done: number, total: number) => void;
}

export type CacheOutcome = { source: 'cache'; file: string } | { source: 'built'; file: string; reason: string; saved: boolean };

/**
 * Modules whose code decides what goes into an index. Their source is hashed into the
 * key, so editing any of them invalidates caches without anyone remembering to bump
 * `ENGINE_VERSION`. When the sources cannot be read (a bundled build), the version
 * constant alone keys the cache.
 */
const INDEXING_MODULES = ['./sentence-index.ts', './features.ts', './language/text.ts', './language/irregular.ts'];

let signature: string | undefined;
function indexingSignature(): string {
  if (signature !== undefined) return signature;
  const hash = createHash('sha256');
  try {
    for (const m of INDEXING_MODULES)
      hash
        .update(m)
        .update('\0')
        .update(readFileSync(new URL(m, import.meta.url)))
        .update('\0');
    const require = createRequire(import.meta.url);
    hash.update(`stemmer@${(require('stemmer/package.json') as { version: string }).version}`);
    signature = hash.digest('hex');
  } catch {
    signature = '';
  }
  return signature;
}

/** The cache key for a knowledge base and lexicon with this engine. */
export function indexCacheKey(kb: KnowledgeBase, lexicon: string | Uint8Array = ''): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        engine: ENGINE_VERSION,
        format: INDEX_FORMAT,
        code: indexingSignature(),
        knowledge:
          kb.fingerprint ||
          knowledgeDigest(
            kb.documents.map((d) => d.meta),
            kb.sentences,
          ),
        lexicon: createHash('sha256').update(lexicon).digest('hex'),
      }),
    )
    .digest('hex');
}

export function indexCacheFile(dir: string): string {
  return path.join(dir, INDEX_CACHE_FILE);
}

/** Why a cache file was not used. */
export class CacheMiss extends Error {
  override name = 'CacheMiss';
}

/**
 * Reads and checks a cache file; throws CacheMiss saying why it cannot be used (missing,
 * stale, corrupt, or not this knowledge base's index).
 */
export async function readIndexCache(file: string, key: string, kb: KnowledgeBase): Promise<SentenceIndex> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CacheMiss(code === 'ENOENT' ? 'no cache yet' : `unreadable (${code ?? (error as Error).message})`);
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) throw new CacheMiss('corrupt (no header)');
  let header: { magic?: unknown; key?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as typeof header;
  } catch {
    throw new CacheMiss('corrupt (header is not JSON)');
  }
  if (!header || header.magic !== MAGIC) throw new CacheMiss('corrupt (not an index cache)');
  if (header.key !== key) throw new CacheMiss('stale (knowledge, lexicon or engine changed)');
  const body = bytes.subarray(newline + 1);
  if (header.bytes !== body.length) throw new CacheMiss('corrupt (truncated or padded)');
  if (header.sha256 !== createHash('sha256').update(body).digest('hex')) throw new CacheMiss('corrupt (checksum mismatch)');
  try {
    // Checks that the index is whole and was built from exactly these sentences.
    return SentenceIndex.fromBinary(body, kb);
  } catch (error) {
    throw new CacheMiss(`corrupt or stale (${(error as Error).message})`);
  }
}

/** Writes a cache file atomically: a temporary file in the same directory, renamed over the old one. */
export async function writeIndexCache(file: string, key: string, index: SentenceIndex): Promise<void> {
  const body = index.toBinary();
  const header = JSON.stringify({ magic: MAGIC, key, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, Buffer.concat([Buffer.from(`${header}\n`, 'utf8'), body]));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * The index for `kb`: loaded from the cache when a valid one is there, otherwise built
 * and saved for next time.
 */
export async function loadOrBuildIndex(kb: KnowledgeBase, options: IndexCacheOptions): Promise<{ index: SentenceIndex; cache: CacheOutcome }> {
  const file = indexCacheFile(options.dir);
  const key = indexCacheKey(kb, options.lexicon);
  const log = options.logger;
  let reason: string;
  try {
    const index = await readIndexCache(file, key, kb);
    log?.debug({ file, sentences: index.size }, 'loaded the search index from its cache');
    return { index, cache: { source: 'cache', file } };
  } catch (error) {
    if (!(error instanceof CacheMiss)) throw error;
    reason = error.message;
  }
  log?.info({ file, reason }, 'building the search index');
  const index = SentenceIndex.build(kb, options.onProgress);
  let saved = false;
  try {
    await writeIndexCache(file, key, index);
    saved = true;
  } catch (error) {
    log?.warn({ file, err: error }, 'cannot save the search index cache; continuing without it');
  }
  return { index, cache: { source: 'built', file, reason, saved } };
}
