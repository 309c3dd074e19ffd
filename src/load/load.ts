import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { loadKnowledgeBase } from '../knowledge/load.ts';
import { loadOrBuildIndex, type CacheLogger } from '../search/cache.ts';
import { AnswerEngine, type EngineOptions } from '../search/engine.ts';
import { LEXICON_FILE, loadLexicon } from '../search/lexicon.ts';
import { SentenceIndex } from '../search/sentence-index.ts';
import { snapshotOf, type KnowledgeSnapshot, type LoadedParts } from './snapshot.ts';

export interface LoadOptions extends EngineOptions {
  /**
   * Directory for the prebuilt index cache (the bot and CLI pass DATA_DIR). When set,
   * the index is loaded from `<cacheDir>/index-cache.bin` if that file is valid for
   * these knowledge files, lexicon and engine, and built and saved there otherwise.
   * Unset (the default): the index is built in memory and nothing is written.
   */
  cacheDir?: string;
  /** Reports cache misses and write failures. */
  logger?: CacheLogger;
  /** Progress while the index is built (sentences done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Warm the engine up after loading (`AnswerEngine.warmUp`): for processes that answer many questions. */
  warmUp?: boolean;
}

/** The load options every entry point derives from the configuration: threshold and index cache in DATA_DIR. */
export function loadOptionsFrom(config: Pick<Config, 'DATA_DIR' | 'MIN_COVERAGE' | 'MIN_CONFIDENCE'>, logger?: CacheLogger): LoadOptions {
  return {
    cacheDir: config.DATA_DIR,
    ...(config.MIN_COVERAGE === undefined ? {} : { minCoverage: config.MIN_COVERAGE }),
    ...(config.MIN_CONFIDENCE === undefined ? {} : { minConfidence: config.MIN_CONFIDENCE }),
    ...(logger ? { logger } : {}),
  };
}

/**
 * Loads and validates the knowledge directory and its lexicon, and builds (or loads) the
 * engine: the one snapshot every entry point answers from (the console, `ask`, `eval`, the
 * bot and each of its reloads).
 */
export async function loadKnowledge(dir: string, options: LoadOptions = {}): Promise<KnowledgeSnapshot> {
  const { cacheDir, logger, onProgress, warmUp, ...engineOptions } = options;
  const lexiconFile = path.join(dir, LEXICON_FILE);
  const [kb, lexicon, lexiconBytes] = await Promise.all([loadKnowledgeBase(dir), loadLexicon(lexiconFile), readOptional(lexiconFile)]);
  // Files the loader did not read are named every time, so nothing is skipped without a word.
  for (const warning of kb.warnings ?? []) logger?.warn({ event: 'knowledge-file-skipped', file: warning.file, problem: warning.problem }, `${warning.file} ${warning.problem}`);
  const loaded: LoadedParts =
    cacheDir === undefined
      ? { kb, engine: new AnswerEngine(SentenceIndex.build(kb, onProgress), { lexicon, ...engineOptions }) }
      : await loadOrBuildIndex(kb, { dir: cacheDir, lexicon: lexiconBytes, logger, onProgress }).then(({ index, cache }) => ({
          kb,
          engine: new AnswerEngine(index, { lexicon, ...engineOptions }),
          cache,
        }));
  if (warmUp) {
    const warm = loaded.engine.warmUp();
    logger?.debug(warm, 'warmed the engine up');
  }
  return snapshotOf(loaded);
}

async function readOptional(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch {
    // loadLexicon reports a file that exists but cannot be read; a missing one is empty.
    return new Uint8Array();
  }
}
