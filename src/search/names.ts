import { STOPWORDS } from './language/stopwords.ts';
import { stem, tokenize } from './language/text.ts';

const CONNECTORS = new Set(['of', 'for', 'de', 'e', 'al', 'el']);
/** Runs of capitalised words, with small connectors inside ("Ministry of Foreign Affairs"). */
const RUN = /\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+(?:(?:of|for|de|e|al|el)[ \t]+)?\p{Lu}[\p{L}\p{M}'’-]*)+/gu;

/**
 * Multi-word names written in a text ("Free Iran World Summit", "Iranian Foreign
 * Ministry"), as stem sequences. A leading common word ("The United States") is dropped;
 * two words at least.
 */
export function multiWordNames(text: string): string[][] {
  const names: string[][] = [];
  for (const m of text.matchAll(RUN)) {
    const words = tokenize(m[0]);
    while (words.length && STOPWORDS.has(words[0]!.norm)) words.shift();
    while (words.length && CONNECTORS.has(words[words.length - 1]!.norm)) words.pop();
    if (words.length >= 2 && words.length <= 8) names.push(words.map((w) => stem(w.norm)));
  }
  return names;
}

/** Every multi-word name of a set of texts, keyed by first stem, longest first. */
export class NameIndex {
  private readonly byFirst = new Map<string, string[][]>();

  constructor(texts: Iterable<string>) {
    const unique = new Map<string, string[]>();
    for (const text of texts) for (const name of multiWordNames(text)) unique.set(name.join(' '), name);
    for (const name of unique.values()) {
      const bucket = this.byFirst.get(name[0]!) ?? [];
      bucket.push(name);
      this.byFirst.set(name[0]!, bucket);
    }
    for (const bucket of this.byFirst.values()) bucket.sort((a, b) => b.length - a.length);
  }

  startingWith(firstStem: string): readonly string[][] {
    return this.byFirst.get(firstStem) ?? [];
  }
}
