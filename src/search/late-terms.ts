import type { CompiledTerm } from './score.ts';
import type { SentenceIndex } from './sentence-index.ts';

/**
 * Per term id of an index: the stamp of the question whose left-out terms use it, and the
 * first of its entries. Reused from question to question, so nothing is cleared.
 */
export interface LateTable {
  stamp: Int32Array;
  head: Int32Array;
}

/**
 * The question terms left out of the postings walk, as a table from term id to the gains
 * its forms bring, so a candidate's real gains from them can be read off its words.
 * Exact for one-word forms; a phrase counts when its rarest word is there (an upper bound).
 */
export class LateTerms {
  private readonly stamp: number;
  private readonly next: number[] = [];
  private readonly term: number[] = [];
  private readonly gain: number[] = [];
  private readonly best: Float64Array;
  /** How many of the terms the last `gainsOf` found. */
  matched = 0;

  /** `stamp` must differ from every earlier question's on the same table. */
  constructor(
    private readonly index: SentenceIndex,
    terms: readonly CompiledTerm[],
    private readonly table: LateTable,
    stamp: number,
  ) {
    this.stamp = stamp;
    this.best = new Float64Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      for (const form of terms[t]!.forms) {
        if (!(form.weight > 0)) continue;
        const id = index.rarestTerm(form.ids);
        if (!(id >= 0 && id < table.stamp.length)) continue;
        if (table.stamp[id] !== this.stamp) {
          table.stamp[id] = this.stamp;
          table.head[id] = -1;
        }
        this.next.push(table.head[id]!);
        this.term.push(t);
        this.gain.push(terms[t]!.importance * form.weight);
        table.head[id] = this.next.length - 1;
      }
    }
  }

  /** The largest gains sentence `i` can get from these terms, summed (and how many matched, in `matched`). */
  gainsOf(i: number): number {
    const { index, table, best } = this;
    best.fill(0);
    const tokens = index.tokenIds;
    for (let p = index.tokenStart[i]!; p < index.tokenStart[i + 1]!; p++) {
      const id = tokens[p]!;
      if (table.stamp[id] !== this.stamp) continue;
      for (let e = table.head[id]!; e >= 0; e = this.next[e]!) {
        if (this.gain[e]! > best[this.term[e]!]!) best[this.term[e]!] = this.gain[e]!;
      }
    }
    let sum = 0;
    let matched = 0;
    for (let t = 0; t < best.length; t++) {
      sum += best[t]!;
      if (best[t]! > 0) matched++;
    }
    this.matched = matched;
    return sum;
  }
}
