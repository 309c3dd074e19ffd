import Fuse from 'fuse.js';

export interface FuzzyHit {
  word: string;
  /** 0 (no likeness) to 1 (identical). */
  similarity: number;
}

/** Words of one length, with what the cheap filters need precomputed. */
interface Bucket {
  words: string[];
  /** Which letters each word uses, as bits (char code mod 32). */
  masks: Int32Array;
  first: Int32Array;
  second: Int32Array;
}

/**
 * Typo correction against the words the knowledge base really uses. Candidates are
 * narrowed by length, by first or second letter, by a letter-set bound and finally by
 * a capped edit distance (with adjacent transpositions); Fuse.js then ranks that short
 * list with its Bitap scorer. The filters are exact (they only skip words whose edit
 * distance is surely over the cap), and the scan over a length bucket touches typed
 * arrays only, so the cost stays flat as the vocabulary grows.
 */
export class VocabularyMatcher {
  private readonly byLength = new Map<number, Bucket>();
  /** Scratch rows for the edit distance, grown on demand. */
  private rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

  constructor(words: Iterable<string>) {
    const lists = new Map<number, string[]>();
    for (const w of words) {
      if (!/^\p{L}{3,}$/u.test(w)) continue;
      let list = lists.get(w.length);
      if (!list) lists.set(w.length, (list = []));
      list.push(w);
    }
    for (const [length, list] of lists) {
      this.byLength.set(length, {
        words: list,
        masks: Int32Array.from(list, letterMask),
        first: Int32Array.from(list, (w) => w.charCodeAt(0)),
        second: Int32Array.from(list, (w) => w.charCodeAt(1)),
      });
    }
  }

  /** The closest vocabulary words to `word`, best first; empty when none is close enough. */
  match(word: string, limit = 2): FuzzyHit[] {
    if (word.length < 4) return [];
    // One edit for short words, two for longer ones: "albnia" → "albania", "hapen" → "happen".
    const maxEdits = word.length <= 5 ? 1 : 2;
    const mask = letterMask(word);
    const c0 = word.charCodeAt(0);
    const c1 = word.charCodeAt(1);
    const candidates: string[] = [];
    for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
      const bucket = this.byLength.get(len);
      if (!bucket) continue;
      const { words, masks, first, second } = bucket;
      for (let k = 0; k < words.length; k++) {
        if (first[k] !== c0 && second[k] !== c1) continue;
        // Each edit adds or removes at most one letter, so letter sets may differ by at most `maxEdits` each way.
        const m = masks[k]!;
        if (popcount(mask & ~m) > maxEdits || popcount(m & ~mask) > maxEdits) continue;
        if (this.withinEdits(word, words[k]!, maxEdits)) candidates.push(words[k]!);
      }
    }
    if (candidates.length === 0) return [];
    const fuse = new Fuse(candidates, { includeScore: true, threshold: 0.45, ignoreLocation: true, isCaseSensitive: true });
    return fuse
      .search(word, { limit })
      .map((r) => ({ word: r.item, similarity: 1 - (r.score ?? 1) }))
      .filter((h) => h.similarity > 0.4);
  }

  /**
   * True when `a` and `b` are at most `cap` edits apart (insertions, deletions,
   * substitutions and swaps of neighbouring letters: the optimal string alignment
   * distance). Computes only the diagonal band the cap allows and stops as soon as a
   * whole row is over the cap.
   */
  private withinEdits(a: string, b: string, cap: number): boolean {
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > cap) return false;
    if (this.rows[0].length < m + 1) this.rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
    let [before, prev, cur] = this.rows;
    const over = cap + 1;
    for (let j = 0; j <= m; j++) prev[j] = j <= cap ? j : over;
    for (let i = 1; i <= n; i++) {
      const lo = Math.max(1, i - cap);
      const hi = Math.min(m, i + cap);
      cur[0] = i <= cap ? i : over;
      if (lo > 1) cur[lo - 1] = over;
      let best = cur[0];
      const ai = a.charCodeAt(i - 1);
      for (let j = lo; j <= hi; j++) {
        const bj = b.charCodeAt(j - 1);
        let v = prev[j - 1]! + (ai === bj ? 0 : 1);
        const up = prev[j]! + 1;
        const left = cur[j - 1]! + 1;
        if (up < v) v = up;
        if (left < v) v = left;
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
          const swap = before[j - 2]! + 1;
          if (swap < v) v = swap;
        }
        if (v > over) v = over;
        cur[j] = v;
        if (v < best) best = v;
      }
      if (hi < m) cur[hi + 1] = over;
      if (best > cap) return false;
      const spare = before;
      before = prev;
      prev = cur;
      cur = spare;
    }
    return prev[m]! <= cap;
  }
}

function letterMask(w: string): number {
  let mask = 0;
  for (let i = 0; i < w.length; i++) mask |= 1 << (w.charCodeAt(i) & 31);
  return mask;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
