import type { AnalysedQuestion } from './analyse.ts';
import type { Feature } from './features.ts';
import type { AnswerType } from './language/stopwords.ts';
import type { IndexedSentence, SentenceIndex } from './sentence-index.ts';

/** A question term's forms resolved to term ids; forms whose words the sources lack are gone. */
export interface CompiledTerm {
  text: string;
  importance: number;
  forms: Array<{ ids: number[]; weight: number; label: string; adjacent: boolean; gap: number }>;
}

export interface TermMatch {
  term: string;
  /** The word or phrase that matched, as the sources have it. */
  form: string;
  weight: number;
  /** Token positions of the match in the sentence. */
  positions: number[];
}

/** Why a sentence ranked where it did; every part is in [0, 1]. */
export interface Explanation {
  coverage: number;
  proximity: number;
  /** Share of the question's neighbouring word pairs found side by side, in order. */
  phrase: number;
  answerType: number;
  firstMention: number;
  neighbours: number;
  kind: number;
}

export interface ScoredSentence {
  index: number;
  score: number;
  matches: TermMatch[];
  /**
   * True when some term that matters matched closely (literally, or through a typo fix,
   * the lexicon or a synonym). Loose relatives alone never make an answer.
   */
  anchored: boolean;
  explain: Explanation;
}

/** How much each signal adds to a sentence's coverage of the question. */
export const WEIGHTS = {
  proximity: 0.08,
  phrase: 0.06,
  answerType: 0.2,
  firstMention: 0.04,
  /** A sentence next to one that covers the question gets this share of that coverage. */
  neighbours: 0.08,
  /** Headlines and captions are quotable but rank below body text. */
  leadKind: 0.85,
};
/** A match this close, on a term worth this share of the question, anchors an answer. */
const ANCHOR_WEIGHT = 0.7;
const ANCHOR_SHARE = 0.15;
export const MAX_RAW = 1 + WEIGHTS.proximity + WEIGHTS.phrase + WEIGHTS.answerType + WEIGHTS.firstMention + WEIGHTS.neighbours;

export function compileTerms(q: AnalysedQuestion, index: SentenceIndex): CompiledTerm[] {
  return q.terms.map((t) => ({
    text: t.text,
    importance: t.importance,
    // Heaviest form first (stable among equals), so the first form found is the best match.
    forms: t.forms
      .flatMap((f) => {
        const ids = f.stems.map((s) => index.termId(s));
        return ids.every((id) => id !== undefined)
          ? [{ ids: ids as number[], weight: f.weight, label: f.label, adjacent: f.adjacent !== false, gap: f.gap ?? PHRASE_GAP }]
          : [];
      })
      .sort((a, b) => b.weight - a.weight),
  }));
}

/** Words a phrase may have between its parts: "cut diplomatic relations" still says "cut relations". */
const PHRASE_GAP = 2;

/**
 * First position of each term id in the sentence being scored. A stamp per id tells
 * whether the entry belongs to the current sentence, so nothing is cleared between
 * sentences (the engine scores one sentence at a time).
 */
const firstPosition = { pos: new Int32Array(1024), stamp: new Int32Array(1024), current: 0 };

function indexSentence(sentence: IndexedSentence): void {
  const table = firstPosition;
  if (++table.current > 2_000_000_000) {
    table.stamp.fill(0);
    table.current = 1;
  }
  const terms = sentence.terms;
  for (let p = terms.length - 1; p >= 0; p--) {
    const id = terms[p]!;
    if (id >= table.pos.length) {
      const size = Math.max(id + 1, table.pos.length * 2);
      const pos = new Int32Array(size);
      pos.set(table.pos);
      const stamp = new Int32Array(size);
      stamp.set(table.stamp);
      table.pos = pos;
      table.stamp = stamp;
    }
    table.pos[id] = p;
    table.stamp[id] = table.current;
  }
}

function firstPositionOf(id: number): number {
  return id < firstPosition.stamp.length && firstPosition.stamp[id] === firstPosition.current ? firstPosition.pos[id]! : -1;
}

/** Finds where a form occurs in a sentence: every id, in order and close together for phrases. */
function findForm(sentence: IndexedSentence, ids: number[], adjacent: boolean, gap: number): number[] | undefined {
  const terms = sentence.terms;
  if (ids.length === 1 || !adjacent) {
    const positions = ids.map(firstPositionOf);
    return positions.every((p) => p >= 0) ? positions : undefined;
  }
  const first = firstPositionOf(ids[0]!);
  if (first < 0) return undefined;
  for (let p = first; p >= 0; p = terms.indexOf(ids[0]!, p + 1)) {
    const positions = [p];
    for (let k = 1; k < ids.length; k++) {
      const last = positions[k - 1]!;
      const stop = Math.min(terms.length, last + 2 + gap);
      let next = -1;
      for (let q = last + 1; q < stop; q++) {
        if (terms[q] === ids[k]) {
          next = q;
          break;
        }
      }
      if (next < 0) break;
      positions.push(next);
    }
    if (positions.length === ids.length) return positions;
  }
  return undefined;
}

const TYPE_FEATURES: Partial<Record<AnswerType, Array<[Feature, number]>>> = {
  date: [['date', 1], ['duration', 0.6]],
  duration: [['duration', 1], ['number', 0.5], ['date', 0.3]],
  number: [['number', 1], ['duration', 0.8]],
  person: [['person', 1]],
  place: [['place', 1], ['person', 0.3]],
  reason: [['reason', 1]],
  statement: [['statement', 1]],
};

/** Whether the sentence holds the kind of thing asked for, outside the question's own words. */
function answerTypeScore(sentence: IndexedSentence, type: AnswerType | undefined, matched: readonly number[], singleTerm: boolean): number {
  if (!type) return 0;
  if (type === 'thing' || type === 'manner') {
    // "What is MEK?": prefer the sentence that defines the term.
    if (!singleTerm) return 0;
    const defs = sentence.features.definition;
    return defs && defs.some((p) => matched.includes(p)) ? 1 : 0;
  }
  let best = 0;
  for (const [feature, weight] of TYPE_FEATURES[type] ?? []) {
    const positions = sentence.features[feature];
    if (weight > best && positions && positions.some((p) => !matched.includes(p))) best = weight;
  }
  // "How many cars…": the count usually stands just before the counted word ("two embassy
  // cars"); a number elsewhere in the sentence may count something else.
  if (type === 'number' && best === 1) {
    const counted = (sentence.features.number ?? []).some(
      (p) => !matched.includes(p) && (matched.includes(p + 1) || matched.includes(p + 2) || matched.includes(p + 3)),
    );
    if (!counted) best = NUMBER_ELSEWHERE;
  }
  return best;
}

const NUMBER_ELSEWHERE = 0.6;

/** Scores one sentence against the question; coverage is the share of weighted terms found. */
export function scoreSentence(
  sentence: IndexedSentence,
  index: number,
  terms: CompiledTerm[],
  answerType: AnswerType | undefined,
): ScoredSentence {
  const total = terms.reduce((sum, t) => sum + t.importance, 0) || 1;
  const matches: TermMatch[] = [];
  const byTerm: Array<TermMatch | undefined> = [];
  let covered = 0;
  let anchored = false;
  indexSentence(sentence);
  for (const t of terms) {
    let best: TermMatch | undefined;
    for (const f of t.forms) {
      if (f.ids.length === 1) {
        // The common case, without allocating: one word, looked up in the position table.
        const p = firstPositionOf(f.ids[0]!);
        if (p < 0) continue;
        best = { term: t.text, form: f.label, weight: f.weight, positions: [p] };
        break;
      }
      const positions = findForm(sentence, f.ids, f.adjacent, f.gap);
      if (positions) {
        best = { term: t.text, form: f.label, weight: f.weight, positions };
        break;
      }
    }
    byTerm.push(best);
    if (best) {
      covered += t.importance * best.weight;
      matches.push(best);
      if (best.weight >= ANCHOR_WEIGHT && t.importance / total >= Math.min(ANCHOR_SHARE, 0.6 / terms.length)) anchored = true;
    }
  }
  let pairs = 0;
  let together = 0;
  for (let k = 0; k + 1 < byTerm.length; k++) {
    const a = byTerm[k];
    const b = byTerm[k + 1];
    pairs++;
    if (a && b && b.positions[0]! - a.positions[a.positions.length - 1]! === 1) together++;
  }
  const phrase = pairs ? together / pairs : 0;
  const coverage = covered / total;
  // A handful of positions: an array beats a Set here (this runs for every scored sentence).
  const matchedPositions: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of matches) {
    for (const p of m.positions) matchedPositions.push(p);
    lo = Math.min(lo, m.positions[0]!);
    hi = Math.max(hi, m.positions[0]!);
  }
  const proximity = matches.length >= 2 ? Math.min(1, (matches.length - 1) / (hi - lo)) : 0;
  const typeScore = answerTypeScore(sentence, answerType, matchedPositions, terms.length === 1);
  // Where a term is first mentioned is where an article introduces it: that matters for
  // "what is…" questions, not for "when" or "how many".
  const introduces = answerType === 'thing' || answerType === 'manner' || answerType === undefined;
  const firstMention = introduces && sentence.firstMentions.some((p) => matchedPositions.includes(p)) ? 1 : 0;
  const kind = sentence.kind === 'body' ? 1 : WEIGHTS.leadKind;
  const raw =
    coverage *
    (1 + WEIGHTS.proximity * proximity + WEIGHTS.phrase * phrase + WEIGHTS.answerType * typeScore + WEIGHTS.firstMention * firstMention);
  return {
    index,
    score: (raw * kind) / MAX_RAW,
    matches,
    anchored,
    explain: { coverage, proximity, phrase, answerType: typeScore, firstMention, neighbours: 0, kind },
  };
}

/**
 * The largest sum of bonuses any sentence can earn for this question: proximity and
 * phrase need two terms, the answer-type bonus an answer type, the first-mention bonus a
 * "what is" kind of question. Kept next to `scoreSentence` so the two change together.
 */
export function maxBonus(termCount: number, answerType: AnswerType | undefined): number {
  const introduces = answerType === 'thing' || answerType === 'manner' || answerType === undefined;
  const typed = answerType !== undefined && (termCount === 1 || (answerType !== 'thing' && answerType !== 'manner'));
  return (
    (termCount >= 2 ? WEIGHTS.proximity + WEIGHTS.phrase : 0) +
    (typed ? WEIGHTS.answerType : 0) +
    (introduces ? WEIGHTS.firstMention : 0)
  );
}

/**
 * `maxBonus` for one sentence: the answer-type bonus only if the sentence holds something
 * of that type at all (a sentence without a number cannot answer "how many").
 */
export function maxBonusFor(sentence: IndexedSentence, termCount: number, answerType: AnswerType | undefined, bonus: number): number {
  if (!answerType || bonus < WEIGHTS.answerType) return bonus;
  const features =
    answerType === 'thing' || answerType === 'manner' ? (termCount === 1 ? ['definition' as const] : []) : (TYPE_FEATURES[answerType] ?? []).map(([f]) => f);
  return features.some((f) => (sentence.features[f]?.length ?? 0) > 0) ? bonus : bonus - WEIGHTS.answerType;
}

/**
 * The highest score a sentence can reach given an upper bound of its coverage and of its
 * best neighbour's, for a question whose bonuses add up to at most `bonus`.
 */
export function scoreUpperBound(coverage: number, neighbourCoverage: number, bonus: number): number {
  return Math.min(1, (coverage * (1 + bonus) + WEIGHTS.neighbours * neighbourCoverage) / MAX_RAW);
}
