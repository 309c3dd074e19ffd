import path from 'node:path';
import { loadKnowledgeBase } from './knowledge/load.ts';
import type { KnowledgeBase } from './knowledge/types.ts';
import { AnswerEngine, type EngineOptions } from './search/engine.ts';
import { LEXICON_FILE, loadLexicon } from './search/lexicon.ts';

export interface LoadedKnowledge {
  kb: KnowledgeBase;
  engine: AnswerEngine;
}

/** Loads and validates the knowledge directory and its lexicon, and builds the engine. */
export async function loadEngine(dir: string, options: EngineOptions = {}): Promise<LoadedKnowledge> {
  const [kb, lexicon] = await Promise.all([loadKnowledgeBase(dir), loadLexicon(path.join(dir, LEXICON_FILE))]);
  return { kb, engine: AnswerEngine.fromKnowledge(kb, { lexicon, ...options }) };
}
