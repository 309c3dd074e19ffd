import type { AnswerType } from './language/stopwords.ts';
import {
  bonusBounds,
  type BonusBounds,
  MAX_RAW,
  maxBonusFor,
  quickScore,
  scoreSentence,
  scoreUpperBound,
  totalImportance,
  WEIGHTS,
  type CompiledTerm,
  type ScoredSentence,
} from './score.ts';
import { LateTerms, type LateTable } from './late-terms.ts';
import type { SentenceIndex } from './sentence-index.ts';

/** What the caller keeps of a ranking, so the search can stop once nothing else matters. */
export interface RankingNeeds {
  /** How many answers from the top are wanted (offset + limit); Infinity scores every candidate. */
  count: number;
  /** Below this coverage of the best anchored sentence, the caller abstains. */
  minCoverage: number;
  /** Followers must cover at least max(floor, best coverage × share). */
  followerFloor: number;
  followerShare: number;
}

const BUCKETS = 1024;
const EPS = 1e-9;

/**
 * The best-scored sentences for a question, without scoring every candidate.
 *
 * Every sentence holding a form of a question term gets an upper bound of its score from
 * the postings alone (`SentenceIndex.coverageBounds`, then `scoreUpperBound`, which adds
 * the bonuses the sentence's features and matchable terms allow and the largest lift its
 * neighbours allow). Candidates are then visited from the highest bound down (in buckets,
 * so there is no full sort); each one's bound is tightened from its words first (the
 * terms left out of the walk), and it is scored exactly only if it still belongs where it
 * is, until no unvisited sentence could become the best anchored answer or enter the first
 * `count` answers the caller keeps. The result is what scoring every candidate and sorting
 * would give for those answers; tests check it against the exhaustive ranking.
 */
export function topRanked(index: SentenceIndex, terms: CompiledTerm[], answerType: AnswerType | undefined, needs: RankingNeeds): RankedSentence[] {
  const exhaustive = !Number.isFinite(needs.count);
  // No sentence below this coverage is ever returned (followers need the floor, the best
  // needs minCoverage). Terms whose largest possible gains together stay below it cannot
  // make a candidate on their own (MaxScore): only the other terms' postings are walked,
  // and the left-out gains are added to every bound as slack.
  const cutoff = exhaustive ? 0 : Math.min(needs.followerFloor, needs.minCoverage);
  const total = totalImportance(terms);
  const gain = (t: CompiledTerm) => t.importance * Math.max(0, ...t.forms.map((f) => f.weight));
  const byGain = [...terms].sort((a, b) => gain(a) - gain(b));
  let slack = 0;
  let essentialFrom = 0;
  while (essentialFrom < byGain.length && slack + gain(byGain[essentialFrom]!) < cutoff * total - 1e-9) slack += gain(byGain[essentialFrom++]!);
  const { sentences: cand, bounds: coverageBound, gains, termCounts, touched } = index.coverageBounds(byGain.slice(essentialFrom), cutoff, { total, slack });
  const m = cand.length;
  /** Any sentence outside the candidates covers less than this. */
  const outsideBound = exhaustive ? 0 : cutoff;

  // Bound of each candidate's final score, and its bucket (highest first).
  const bonus = bonusBounds(terms.length, answerType);
  const memo = memoFor(index);
  const { bucketOf, byBucket, bucketStart, bucketMaxCoverage, coverageBelow, neighbourBound } = memo;
  bucketStart.fill(0);
  bucketMaxCoverage.fill(0);
  assignBuckets(index, cand, coverageBound, termCounts, essentialFrom, outsideBound, bonus, memo);
  for (let b = 0; b < BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const fill = memo.fill;
  fill.set(bucketStart.subarray(0, BUCKETS));
  for (let k = 0; k < m; k++) byBucket[fill[bucketOf[k]!]!++] = k;
  // Largest coverage bound in each bucket and every lower one.
  for (let b = 0; b < BUCKETS; b++) coverageBelow[b + 1] = Math.max(coverageBelow[b]!, bucketMaxCoverage[b]!);

  // Each scored sentence's score before its neighbours' lift, coverage and anchoring, in
  // columns reused across questions (a stamp says which entries are this question's), so
  // scoring thousands of sentences allocates nothing (neighbours are scored for their coverage alone).
  const call = ++memo.stamp;
  const score = (i: number) => {
    if (memo.seen[i] !== call) {
      const q = quickScore(index, i, terms, answerType, total);
      memo.seen[i] = call;
      memo.score[i] = q.score;
      memo.coverage[i] = q.coverage;
      memo.anchored[i] = q.anchored ? 1 : 0;
    }
  };
  // A neighbour holding no form of any term covers nothing (all terms were walked: no slack).
  const coverageOf = (i: number) => {
    if (essentialFrom === 0 && !touched(i)) return 0;
    score(i);
    return memo.coverage[i]!;
  };

  const ranked: RankedSentence[] = [];
  let best: RankedSentence | undefined;
  /** Scores of the anchored sentences that pass the follower filter, lowest first, at most `count`. */
  const kept: number[] = [];
  const floorFor = (s: RankedSentence) => Math.max(needs.followerFloor, s.coverage * needs.followerShare);

  const canStop = (upper: number, coverageLeft: number): boolean => {
    if (exhaustive) return false;
    // Nothing left could make an answer: the caller abstains whatever else is scored.
    if (coverageLeft < needs.minCoverage - EPS && (!best || best.coverage < needs.minCoverage)) return true;
    if (!best) return false;
    if (upper >= best.score - EPS) return false; // something left could still be the best
    if (best.coverage < needs.minCoverage) return true; // the caller abstains anyway
    if (coverageLeft < floorFor(best) - EPS) return true; // nothing left passes the filter
    return kept.length >= needs.count && upper < kept[0]! - EPS;
  };

  // The slack of the terms left out of the walk is the same for every candidate. Before
  // scoring one, its real gains from those terms are read off its words (cheaper than
  // scoring it), and a candidate whose tighter bound falls below the bucket being visited
  // waits in the lower bucket it belongs to.
  const late = essentialFrom > 0 ? new LateTerms(index, byGain.slice(0, essentialFrom), memo.late, memo.stamp) : undefined;
  const deferred: number[][] = [];
  // Deferred candidates are not in `coverageBelow` of the bucket where they wait: the
  // largest coverage bound among those waiting in bucket b or below is a prefix maximum
  // (a Fenwick tree over buckets; values only grow).
  const waitingCoverage = memo.waitingCoverage;
  waitingCoverage.fill(0);
  const addWaiting = (bucket: number, coverage: number) => {
    for (let x = bucket + 1; x <= BUCKETS; x += x & -x) if (coverage > waitingCoverage[x]!) waitingCoverage[x] = coverage;
  };
  const waitingAtOrBelow = (bucket: number) => {
    let max = 0;
    for (let x = bucket + 1; x > 0; x -= x & -x) if (waitingCoverage[x]! > max) max = waitingCoverage[x]!;
    return max;
  };
  /** False when candidate `k`, tightened, belongs in a bucket below `b` (it waits there). */
  const stillBelongs = (k: number, b: number): boolean => {
    const i = cand[k]!;
    if (late) {
      const exact = late.gainsOf(i);
      const coverage = Math.min(1, (gains[k]! + exact) / total);
      const bound = scoreUpperBound(coverage, neighbourBound[k]!, maxBonusFor(index, i, termCounts[k]! + late.matched, bonus));
      const tight = Math.min(BUCKETS - 1, Math.floor(bound * BUCKETS));
      if (tight < b) {
        (deferred[tight] ??= []).push(k);
        addWaiting(tight, coverage);
        return false;
      }
    }
    return true;
  };

  for (let b = BUCKETS - 1; b >= 0; b--) {
    const waiting = deferred[b];
    if (bucketStart[b] === bucketStart[b + 1] && !waiting) continue;
    if (canStop((b + 1) / BUCKETS, Math.max(coverageBelow[b + 1]!, waitingAtOrBelow(b)))) break;
    const end = bucketStart[b + 1]! + (waiting?.length ?? 0);
    for (let p = bucketStart[b]!; p < end; p++) {
      const fromBucket = p < bucketStart[b + 1]!;
      const k = fromBucket ? byBucket[p]! : waiting![p - bucketStart[b + 1]!]!;
      // Candidates that waited here were tightened already.
      if (fromBucket && !stillBelongs(k, b)) continue;
      const i = cand[k]!;
      score(i);
      let neighbour = 0;
      if (index.sameParagraph(i, i - 1)) neighbour = coverageOf(i - 1);
      if (index.sameParagraph(i, i + 1)) neighbour = Math.max(neighbour, coverageOf(i + 1));
      const s: RankedSentence = {
        index: i,
        score: memo.score[i]! + neighbourLift(neighbour, index.kindOf[i] === 0 ? 1 : WEIGHTS.leadKind),
        coverage: memo.coverage[i]!,
        anchored: memo.anchored[i] === 1,
        neighbours: neighbour,
      };
      ranked.push(s);
      if (!s.anchored) continue;
      if (!best || isBetter(s, best)) {
        best = s;
        const floor = floorFor(best);
        kept.length = 0;
        for (let r = 0; r < ranked.length; r++) if (ranked[r]!.anchored && ranked[r]!.coverage >= floor) kept.push(ranked[r]!.score);
        kept.sort(ascending);
        if (kept.length > needs.count) kept.splice(0, kept.length - needs.count);
      } else if (s.coverage >= floorFor(best)) {
        kept.push(s.score);
        kept.sort(ascending);
        if (kept.length > needs.count) kept.shift();
      }
    }
  }
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * Every sentence in [from, to) scored, best first (one article, for questions asked of it):
 * articles are small enough that nothing needs pruning.
 */
export function rankRange(index: SentenceIndex, terms: CompiledTerm[], answerType: AnswerType | undefined, from: number, to: number): RankedSentence[] {
  const total = totalImportance(terms);
  const base = new Float64Array(Math.max(0, to - from));
  const coverage = new Float64Array(base.length);
  const anchored = new Uint8Array(base.length);
  for (let i = from; i < to; i++) {
    const q = quickScore(index, i, terms, answerType, total);
    base[i - from] = q.score;
    coverage[i - from] = q.coverage;
    anchored[i - from] = q.anchored ? 1 : 0;
  }
  const ranked: RankedSentence[] = [];
  for (let i = from; i < to; i++) {
    let neighbour = 0;
    if (i > from && index.sameParagraph(i, i - 1)) neighbour = coverage[i - 1 - from]!;
    if (i + 1 < to && index.sameParagraph(i, i + 1)) neighbour = Math.max(neighbour, coverage[i + 1 - from]!);
    ranked.push({
      index: i,
      score: base[i - from]! + neighbourLift(neighbour, index.kindOf[i] === 0 ? 1 : WEIGHTS.leadKind),
      coverage: coverage[i - from]!,
      anchored: anchored[i - from] === 1,
      neighbours: neighbour,
    });
  }
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** Scratch columns for ranking on one index, reused from question to question (the engine is single-threaded). */
interface Memo {
  stamp: number;
  seen: Int32Array;
  score: Float64Array;
  coverage: Float64Array;
  anchored: Uint8Array;
  bucketOf: Int32Array;
  byBucket: Int32Array;
  bucketStart: Int32Array;
  fill: Int32Array;
  bucketMaxCoverage: Float64Array;
  coverageBelow: Float64Array;
  /** Per candidate: the bound its neighbours' coverage puts on its lift. */
  neighbourBound: Float64Array;
  /** Fenwick tree over buckets (1-based) of the coverage bounds of deferred candidates. */
  waitingCoverage: Float64Array;
  late: LateTable;
}
const memos = new WeakMap<SentenceIndex, Memo>();

function memoFor(index: SentenceIndex): Memo {
  let memo = memos.get(index);
  if (!memo || memo.stamp > 2_000_000_000) {
    const n = index.size;
    memo = {
      stamp: 0,
      seen: new Int32Array(n),
      score: new Float64Array(n),
      coverage: new Float64Array(n),
      anchored: new Uint8Array(n),
      bucketOf: new Int32Array(n),
      byBucket: new Int32Array(n),
      bucketStart: new Int32Array(BUCKETS + 1),
      fill: new Int32Array(BUCKETS),
      bucketMaxCoverage: new Float64Array(BUCKETS),
      coverageBelow: new Float64Array(BUCKETS + 1),
      neighbourBound: new Float64Array(n),
      waitingCoverage: new Float64Array(BUCKETS + 1),
      late: { stamp: new Int32Array(index.terms.length), head: new Int32Array(index.terms.length) },
    };
    memos.set(index, memo);
  }
  return memo;
}

/** A ranked sentence: its final score (neighbours' lift included) and what abstention needs. */
export interface RankedSentence {
  index: number;
  score: number;
  coverage: number;
  anchored: boolean;
  /** Coverage of its best neighbour in the paragraph, which lifted its score. */
  neighbours: number;
}

/**
 * Each candidate's score bound and bucket (`memo.bucketOf`, counts in `memo.bucketStart`
 * shifted by one, largest coverage bound per bucket), and the bound its neighbours put on
 * its lift (`memo.neighbourBound`). A function of its own, so the JIT compiles this hot
 * loop on its own.
 */
function assignBuckets(
  index: SentenceIndex,
  cand: Int32Array,
  coverageBound: Float64Array,
  termCounts: Uint8Array,
  essentialFrom: number,
  outsideBound: number,
  bonus: BonusBounds,
  memo: Memo,
): void {
  const { bucketOf, bucketStart, bucketMaxCoverage, neighbourBound } = memo;
  const m = cand.length;
  for (let k = 0; k < m; k++) {
    const i = cand[k]!;
    let neighbour = 0;
    if (index.sameParagraph(i, i - 1)) neighbour = k > 0 && cand[k - 1] === i - 1 ? coverageBound[k - 1]! : outsideBound;
    if (index.sameParagraph(i, i + 1)) neighbour = Math.max(neighbour, k + 1 < m && cand[k + 1] === i + 1 ? coverageBound[k + 1]! : outsideBound);
    neighbourBound[k] = neighbour;
    // Terms left out of the walk may be there too.
    const matchable = termCounts[k]! + essentialFrom;
    const bound = scoreUpperBound(coverageBound[k]!, neighbour, maxBonusFor(index, i, matchable, bonus));
    const b = Math.min(BUCKETS - 1, Math.floor(bound * BUCKETS));
    bucketOf[k] = b;
    bucketStart[b + 1]!++;
    if (coverageBound[k]! > bucketMaxCoverage[b]!) bucketMaxCoverage[b] = coverageBound[k]!;
  }
}

/** The ranked sentence with everything that went into its score, for showing it. */
export function explainRanked(index: SentenceIndex, terms: CompiledTerm[], answerType: AnswerType | undefined, r: RankedSentence): ScoredSentence {
  const s = scoreSentence(index, r.index, terms, answerType);
  liftByNeighbour(s, r.neighbours);
  return s;
}

/** A sentence next to one that covers the question gets a share of that coverage. */
export function liftByNeighbour(s: ScoredSentence, neighbourCoverage: number): void {
  s.explain.neighbours = neighbourCoverage;
  s.score += neighbourLift(neighbourCoverage, s.explain.kind);
}

function neighbourLift(neighbourCoverage: number, kind: number): number {
  return (WEIGHTS.neighbours * neighbourCoverage * kind) / MAX_RAW;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function isBetter(a: RankedSentence, b: RankedSentence): boolean {
  return a.score > b.score || (a.score === b.score && a.index < b.index);
}
