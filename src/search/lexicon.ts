import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from '../knowledge/load.ts';
import { fold, stem, tokenize } from './language/text.ts';

/**
 * The domain lexicon: groups of words and phrases that mean the same thing in news
 * about these events ("hack" ~ "cyberattack"). Moderators edit it as YAML in the
 * knowledge directory; each entry is stored as its stems so any inflection matches.
 */
export interface Lexicon {
  groups: LexiconEntry[][];
}

export interface LexiconEntry {
  /** As written in the file, for explanations. */
  text: string;
  stems: string[];
}

export const LEXICON_FILE = 'lexicon.yaml';

const schema = z.strictObject({
  equivalents: z.array(z.array(z.string().trim().min(1)).min(2, 'each group needs at least two entries')),
});

const phraseStems = new Map<string, string[]>();

/** The stems of a word or phrase (memoised: WordNet offers the same words again and again). */
export function stemPhrase(phrase: string): string[] {
  let stems = phraseStems.get(phrase);
  if (!stems) {
    stems = tokenize(phrase).map((t) => stem(t.norm));
    if (phraseStems.size > 100_000) phraseStems.clear();
    phraseStems.set(phrase, stems);
  }
  return stems;
}

export function parseLexicon(file: string, source: string): Lexicon {
  let data: unknown;
  try {
    data = parse(source) ?? { equivalents: [] };
  } catch (error) {
    throw new KnowledgeError(file, `is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.');
    throw new KnowledgeError(file, issue.code === 'unrecognized_keys' ? 'unknown field (allowed: equivalents)' : issue.message, field || 'equivalents');
  }
  const groups = result.data.equivalents.map((group) => group.map((text) => ({ text, stems: stemPhrase(fold(text)) })).filter((e) => e.stems.length > 0));
  return { groups };
}

/** Reads the lexicon file; a missing file is an empty lexicon, a malformed one an error. */
export async function loadLexicon(file: string): Promise<Lexicon> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { groups: [] };
    throw new KnowledgeError(file, `cannot be read (${(error as Error).message})`);
  }
  return parseLexicon(file, source);
}
