import Fuse from 'fuse.js';
import { editDistance } from './language/text.ts';

export interface FuzzyHit {
  word: string;
  /** 0 (no likeness) to 1 (identical). */
  similarity: number;
}

/**
 * Typo correction against the words the knowledge base really uses. Candidates are
 * first narrowed by length and a capped edit distance (cheap, and it keeps the cost flat
 * as the vocabulary grows); Fuse.js then ranks that short list with its Bitap scorer.
 */
export class VocabularyMatcher {
  private readonly byLength = new Map<number, string[]>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      if (!/^\p{L}{3,}$/u.test(w)) continue;
      let bucket = this.byLength.get(w.length);
      if (!bucket) this.byLength.set(w.length, (bucket = []));
      bucket.push(w);
    }
  }

  /** The closest vocabulary words to `word`, best first; empty when none is close enough. */
  match(word: string, limit = 2): FuzzyHit[] {
    if (word.length < 4) return [];
    // One edit for short words, two for longer ones: "albnia" → "albania", "hapen" → "happen".
    const maxEdits = word.length <= 5 ? 1 : 2;
    const candidates: string[] = [];
    for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
      for (const w of this.byLength.get(len) ?? []) {
        if (w[0] !== word[0] && w[1] !== word[1]) continue;
        if (editDistance(word, w, maxEdits) <= maxEdits) candidates.push(w);
      }
    }
    if (candidates.length === 0) return [];
    const fuse = new Fuse(candidates, { includeScore: true, threshold: 0.45, ignoreLocation: true, isCaseSensitive: true });
    return fuse
      .search(word, { limit })
      .map((r) => ({ word: r.item, similarity: 1 - (r.score ?? 1) }))
      .filter((h) => h.similarity > 0.4);
  }
}
