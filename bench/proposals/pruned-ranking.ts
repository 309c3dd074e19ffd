import type { AnalysedQuestion } from '../../src/search/analyse.ts';
import { AnswerEngine, type Answer, type AskOptions } from '../../src/search/engine.ts';
import { compileTerms, scoreSentence, WEIGHTS, type CompiledTerm, type ScoredSentence } from '../../src/search/score.ts';

/**
 * A measured proposal for `AnswerEngine.rank` / `ask` (src/search/engine.ts), kept here
 * so the benchmark can show its effect next to the shipping engine without touching the
 * ranking code. It changes which sentences are scored, not how they are scored: the
 * benchmark checks that every answer stays the same.
 *
 * `ask` only needs the best anchored sentence (it decides abstention) and the first
 * `offset + limit` sentences that pass the coverage filter. So:
 *   1. `SentenceIndex.coverageBounds` gives every candidate an upper bound of its
 *      coverage from the postings alone (typed arrays, no per-sentence objects);
 *   2. from that, an upper bound of its final score: coverage bound × (1 + every bonus)
 *      plus the largest neighbour lift its neighbours' bounds allow;
 *   3. candidates are visited from the highest score bound down (bucketed, no full
 *      sort) and scored exactly, neighbour lift included, until no unvisited sentence
 *      can beat the best anchored answer or enter the top `offset + limit`.
 *
 * The bounds assume what `scoreSentence` and `liftByNeighbours` do today: score =
 * coverage × (1 + bonuses) × kind / MAX_RAW + neighbours × best neighbour coverage ×
 * kind / MAX_RAW, each bonus at most its weight, kind ≤ 1.
 */

/** `ask` keeps answers covering at least `minCoverage × KEEP_SHARE`, and `FOLLOWER_SHARE` of the best. */
const KEEP_SHARE = 0.8;
const FOLLOWER_SHARE = 0.5;
const MAX_RAW = 1 + WEIGHTS.proximity + WEIGHTS.phrase + WEIGHTS.answerType + WEIGHTS.firstMention + WEIGHTS.neighbours;
const BUCKETS = 1024;
const EPS = 1e-9;

export class PrunedAnswerEngine extends AnswerEngine {
  /** Use the shipping ranking instead (to check that both give the same answers). */
  exact = false;
  readonly stats = { questions: 0, candidates: 0, scored: 0 };
  private need = 5;

  override ask(question: string, options: AskOptions = {}): Answer {
    this.need = (options.offset ?? 0) + (options.limit ?? 5);
    return super.ask(question, options);
  }

  override rank(question: string): { analysis: AnalysedQuestion; ranked: ScoredSentence[] } {
    if (this.exact) return super.rank(question);
    const analysis = this.analyse(question);
    const terms = compileTerms(analysis, this.index);
    const ranked = this.topRanked(terms, analysis, this.need);
    return { analysis, ranked };
  }

  private topRanked(terms: CompiledTerm[], analysis: AnalysedQuestion, need: number): ScoredSentence[] {
    const index = this.index;
    const { sentences: cand, bounds: ub } = index.coverageBounds(terms, 0);
    const m = cand.length;
    const minCoverage = this.minCoverage;
    const keepFloor = minCoverage * KEEP_SHARE;

    // Score bound of each candidate, and buckets by that bound (highest first).
    const bucketOf = new Int32Array(m);
    const bucketCount = new Int32Array(BUCKETS + 1);
    const bucketMaxUb = new Float64Array(BUCKETS);
    for (let k = 0; k < m; k++) {
      const i = cand[k]!;
      let nb = 0;
      if (k > 0 && cand[k - 1] === i - 1 && index.sameParagraph(i, i - 1)) nb = ub[k - 1]!;
      if (k + 1 < m && cand[k + 1] === i + 1 && index.sameParagraph(i, i + 1)) nb = Math.max(nb, ub[k + 1]!);
      const sb = Math.min(1, (ub[k]! * (MAX_RAW - WEIGHTS.neighbours) + WEIGHTS.neighbours * nb) / MAX_RAW);
      const b = Math.min(BUCKETS - 1, Math.floor(sb * BUCKETS));
      bucketOf[k] = b;
      bucketCount[b + 1]!++;
      if (ub[k]! > bucketMaxUb[b]!) bucketMaxUb[b] = ub[k]!;
    }
    // Counting sort of candidate positions by bucket.
    const start = new Int32Array(BUCKETS + 1);
    for (let b = 0; b < BUCKETS; b++) start[b + 1] = start[b]! + bucketCount[b + 1]!;
    const fill = start.slice(0, BUCKETS);
    const byBucket = new Int32Array(m);
    for (let k = 0; k < m; k++) byBucket[fill[bucketOf[k]!]!++] = k;
    // Largest coverage bound in each bucket and all the lower ones.
    const suffixMaxUb = new Float64Array(BUCKETS + 1);
    for (let b = 0; b < BUCKETS; b++) suffixMaxUb[b + 1] = Math.max(suffixMaxUb[b]!, bucketMaxUb[b]!);

    const base = new Map<number, ScoredSentence>();
    const positionOf = (i: number) => binarySearch(cand, i);
    const baseOf = (i: number) => {
      let s = base.get(i);
      if (!s) base.set(i, (s = scoreSentence(index.sentences[i]!, i, terms, analysis.answerType)));
      return s;
    };
    const coverageOf = (i: number) => (positionOf(i) >= 0 ? baseOf(i).explain.coverage : 0);

    const ranked: ScoredSentence[] = [];
    let best: ScoredSentence | undefined;
    /** Scores of anchored sentences that pass the coverage filter, lowest first, at most `need`. */
    let qualifying: number[] = [];
    const better = (a: ScoredSentence, b: ScoredSentence) => a.score > b.score || (a.score === b.score && a.index < b.index);

    for (let b = BUCKETS - 1; b >= 0; b--) {
      if (bucketCount[b + 1] === 0) continue;
      const upper = (b + 1) / BUCKETS;
      const remainingUb = suffixMaxUb[b + 1]!;
      if (this.canStop(best, qualifying, need, upper, remainingUb, keepFloor)) break;
      for (let p = start[b]!; p < start[b + 1]!; p++) {
        const i = cand[byBucket[p]!]!;
        const s = baseOf(i);
        let nb = 0;
        if (index.sameParagraph(i, i - 1)) nb = coverageOf(i - 1);
        if (index.sameParagraph(i, i + 1)) nb = Math.max(nb, coverageOf(i + 1));
        // As liftByNeighbours does it.
        s.explain.neighbours = nb;
        s.score += (WEIGHTS.neighbours * nb * s.explain.kind) / MAX_RAW;
        ranked.push(s);
        if (s.anchored && (!best || better(s, best))) {
          best = s;
          const floor = Math.max(keepFloor, best.explain.coverage * FOLLOWER_SHARE);
          qualifying = ranked.filter((r) => r.anchored && r.explain.coverage >= floor).map((r) => r.score).sort((x, y) => x - y).slice(-need);
        } else if (s.anchored && best && s.explain.coverage >= Math.max(keepFloor, best.explain.coverage * FOLLOWER_SHARE)) {
          qualifying.push(s.score);
          qualifying.sort((x, y) => x - y);
          if (qualifying.length > need) qualifying.shift();
        }
      }
    }
    this.stats.questions++;
    this.stats.candidates += m;
    this.stats.scored += base.size;
    return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** True when no sentence still unvisited (score at most `upper`, coverage at most `remainingUb`) can change what `ask` returns. */
  private canStop(best: ScoredSentence | undefined, qualifying: number[], need: number, upper: number, remainingUb: number, keepFloor: number): boolean {
    if (!best) return remainingUb < this.minCoverage - EPS; // nothing left could make `ask` answer
    if (upper >= best.score - EPS) return false; // something left could still become the best answer
    if (best.explain.coverage < this.minCoverage) return true; // `ask` abstains
    const floor = Math.max(keepFloor, best.explain.coverage * FOLLOWER_SHARE);
    if (remainingUb < floor - EPS) return true; // nothing left passes the coverage filter
    return qualifying.length >= need && upper < qualifying[0]! - EPS;
  }
}

function binarySearch(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
