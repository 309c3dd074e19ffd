import type { AnalysedQuestion } from './analyse.ts';
import type { AnswerType } from './language/stopwords.ts';
import type { Feature } from './features.ts';
import { FEATURE_BIT, FEATURES, type SentenceIndex } from './sentence-index.ts';
import { ANCHOR_SHARE, ANCHOR_WEIGHT, NUMBER_ELSEWHERE, PHRASE_GAP, TYPE_FEATURES, WEIGHTS } from './tuning.ts';

export { WEIGHTS };

/** A question term's forms resolved to term ids; forms whose words the sources lack are gone. */
export interface CompiledTerm {
  text: string;
  importance: number;
  forms: CompiledForm[];
}

export interface CompiledForm {
  ids: number[];
  weight: number;
  label: string;
  adjacent: boolean;
  gap: number;
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
  /** Per question term, the weight of the form that matched here (0 when none did). */
  termWeights: number[];
}

export const MAX_RAW = 1 + WEIGHTS.proximity + WEIGHTS.phrase + WEIGHTS.answerType + WEIGHTS.firstMention + WEIGHTS.neighbours;

export function compileTerms(q: AnalysedQuestion, index: SentenceIndex): CompiledTerm[] {
  const terms = objectList<CompiledTerm>();
  for (const t of q.terms) {
    const forms = objectList<CompiledForm>();
    for (const f of t.forms) {
      const ids: number[] = [];
      for (const stemmed of f.stems) {
        const id = index.termId(stemmed);
        if (id === undefined) break;
        ids.push(id);
      }
      if (ids.length === f.stems.length) forms.push(compiledForm(ids, f.weight, f.label, f.adjacent !== false, f.gap ?? PHRASE_GAP));
    }
    // Heaviest form first (stable among equals), so the first form found is the best match.
    forms.sort((a, b) => b.weight - a.weight);
    terms.push({ text: t.text, importance: t.importance, forms });
  }
  return terms;
}

/** Every compiled form comes from here, so all of them share one hidden class. */
function compiledForm(ids: number[], weight: number, label: string, adjacent: boolean, gap: number): CompiledForm {
  return { ids, weight, label, adjacent, gap };
}
// A first form with a fractional weight: V8 then holds `weight` as a double in every form
// from the start, instead of changing the field's representation (and discarding the
// optimised code that reads it) when the first 0.75 follows a run of 1s.
compiledForm([0], 0.5, '', true, 0);

/**
 * An empty array that already has the hidden class of an array of objects. V8 gives a
 * bare `[]` another one, and a term without forms (or a question without terms) would
 * then throw away the optimised scoring code that only ever saw filled arrays.
 */
function objectList<T extends object>(): T[] {
  const list = [{}] as T[];
  list.length = 0;
  return list;
}

/**
 * Scratch space for scoring one sentence at a time (the engine is single-threaded):
 * the first position of each term id in the sentence (a stamp per id tells whether the
 * entry belongs to the current sentence, so nothing is cleared between sentences), each
 * question term's matched span, and every matched position.
 */
const scratch = {
  pos: new Int32Array(1024),
  stamp: new Int32Array(1024),
  current: 0,
  first: new Int32Array(64),
  last: new Int32Array(64),
  matched: new Int32Array(256),
  matchedCount: 0,
};

function indexSentence(index: SentenceIndex, i: number): void {
  const table = scratch;
  if (++table.current > 2_000_000_000) {
    table.stamp.fill(0);
    table.current = 1;
  }
  const tokens = index.tokenIds;
  const start = index.tokenStart[i]!;
  for (let k = index.tokenStart[i + 1]! - 1; k >= start; k--) {
    const id = tokens[k]!;
    if (id >= table.pos.length) {
      const size = Math.max(id + 1, table.pos.length * 2);
      table.pos = grow(table.pos, size);
      table.stamp = grow(table.stamp, size);
    }
    table.pos[id] = k - start;
    table.stamp[id] = table.current;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  out.set(array);
  return out;
}

function firstPositionOf(id: number): number {
  return id < scratch.stamp.length && scratch.stamp[id] === scratch.current ? scratch.pos[id]! : -1;
}

function addMatched(p: number): void {
  if (scratch.matchedCount === scratch.matched.length) scratch.matched = grow(scratch.matched, scratch.matched.length * 2);
  scratch.matched[scratch.matchedCount++] = p;
}

function isMatched(p: number): boolean {
  const m = scratch.matched;
  for (let k = 0; k < scratch.matchedCount; k++) if (m[k] === p) return true;
  return false;
}

/** Finds where a form occurs in sentence `i`: every id, in order and close together for phrases. */
function findForm(index: SentenceIndex, i: number, ids: number[], adjacent: boolean, gap: number): number[] | undefined {
  if (ids.length === 1 || !adjacent) {
    const positions: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const p = firstPositionOf(ids[k]!);
      if (p < 0) return undefined;
      positions.push(p);
    }
    return positions;
  }
  const first = firstPositionOf(ids[0]!);
  if (first < 0) return undefined;
  const start = index.tokenStart[i]!;
  const length = index.tokenStart[i + 1]! - start;
  const terms = index.tokenIds;
  for (let p = first; p >= 0;) {
    const positions = [p];
    for (let k = 1; k < ids.length; k++) {
      const last = positions[k - 1]!;
      const stop = Math.min(length, last + 2 + gap);
      let next = -1;
      for (let q = last + 1; q < stop; q++) {
        if (terms[start + q] === ids[k]) {
          next = q;
          break;
        }
      }
      if (next < 0) break;
      positions.push(next);
    }
    if (positions.length === ids.length) return positions;
    let again = -1;
    for (let q = p + 1; q < length; q++) {
      if (terms[start + q] === ids[0]) {
        again = q;
        break;
      }
    }
    p = again;
  }
  return undefined;
}

/** TYPE_FEATURES as flat (feature code, weight) pairs, read in the scoring loop. */
const TYPE_CODES = Object.fromEntries(Object.entries(TYPE_FEATURES).map(([type, list]) => [type, list.flatMap(([f, w]) => [FEATURES.indexOf(f), w])])) as Partial<
  Record<AnswerType, number[]>
>;
const NONE: number[] = [];
const DEFINITION = FEATURES.indexOf('definition');
const NUMBER = FEATURES.indexOf('number');

/** Whether sentence `i` holds the kind of thing asked for, outside the question's own (matched) words. */
function answerTypeScore(index: SentenceIndex, i: number, type: AnswerType | undefined, singleTerm: boolean): number {
  if (!type) return 0;
  const from = index.featureStart[i]!;
  const to = index.featureStart[i + 1]!;
  const codes = index.featureCode;
  const positions = index.featurePos;
  if (type === 'thing' || type === 'manner') {
    // "What is MEK?": prefer the sentence that defines the term.
    if (!singleTerm) return 0;
    for (let f = from; f < to; f++) if (codes[f] === DEFINITION && isMatched(positions[f]!)) return 1;
    return 0;
  }
  let best = 0;
  const wanted = TYPE_CODES[type] ?? NONE;
  for (let w = 0; w < wanted.length; w += 2) {
    const code = wanted[w]!;
    const weight = wanted[w + 1]!;
    if (weight <= best) continue;
    for (let f = from; f < to; f++) {
      if (codes[f] === code && !isMatched(positions[f]!)) {
        best = weight;
        break;
      }
    }
  }
  // "How many cars…": the count usually stands just before the counted word ("two embassy
  // cars"); a number elsewhere in the sentence may count something else.
  if (type === 'number' && best === 1) {
    let counted = false;
    for (let f = from; f < to && !counted; f++) {
      const p = positions[f]!;
      if (codes[f] === NUMBER && !isMatched(p) && (isMatched(p + 1) || isMatched(p + 2) || isMatched(p + 3))) counted = true;
    }
    if (!counted) best = NUMBER_ELSEWHERE;
  }
  return best;
}

/** The question's total weight: coverage is a share of it. */
export function totalImportance(terms: readonly CompiledTerm[]): number {
  return terms.reduce((sum, t) => sum + t.importance, 0) || 1;
}

/**
 * Scores sentence `i` against the question into `parts`; with `record`, also lists what
 * matched. Ranking calls it for thousands of sentences, so it allocates nothing for
 * one-word forms unless asked to record.
 */
function scoreInto(
  parts: Explanation & { score: number; anchored: boolean },
  index: SentenceIndex,
  i: number,
  terms: readonly CompiledTerm[],
  answerType: AnswerType | undefined,
  total: number,
  record?: TermMatch[],
  termWeights?: number[],
): void {
  if (scratch.first.length < terms.length) {
    scratch.first = new Int32Array(terms.length * 2);
    scratch.last = new Int32Array(terms.length * 2);
  }
  const first = scratch.first;
  const last = scratch.last;
  scratch.matchedCount = 0;
  let covered = 0;
  let anchored = false;
  let matches = 0;
  let lo = Infinity;
  let hi = -Infinity;
  indexSentence(index, i);
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!;
    first[k] = -1;
    let weight = 0;
    const forms = t.forms;
    for (let j = 0; j < forms.length; j++) {
      const f = forms[j]!;
      if (f.ids.length === 1) {
        // The common case: one word, looked up in the position table.
        const p = firstPositionOf(f.ids[0]!);
        if (p < 0) continue;
        first[k] = last[k] = p;
        addMatched(p);
        record?.push({ term: t.text, form: f.label, weight: f.weight, positions: [p] });
      } else {
        const positions = findForm(index, i, f.ids, f.adjacent, f.gap);
        if (!positions) continue;
        first[k] = positions[0]!;
        last[k] = positions[positions.length - 1]!;
        for (let q = 0; q < positions.length; q++) addMatched(positions[q]!);
        record?.push({ term: t.text, form: f.label, weight: f.weight, positions });
      }
      weight = f.weight;
      break;
    }
    if (termWeights) termWeights[k] = first[k]! >= 0 ? weight : 0;
    if (first[k]! >= 0) {
      covered += t.importance * weight;
      matches++;
      lo = Math.min(lo, first[k]!);
      hi = Math.max(hi, first[k]!);
      if (weight >= ANCHOR_WEIGHT && t.importance / total >= Math.min(ANCHOR_SHARE, 0.6 / terms.length)) anchored = true;
    }
  }
  let together = 0;
  for (let k = 0; k + 1 < terms.length; k++) {
    if (first[k]! >= 0 && first[k + 1]! >= 0 && first[k + 1]! - last[k]! === 1) together++;
  }
  const pairs = terms.length - 1;
  const phrase = pairs > 0 ? together / pairs : 0;
  const coverage = covered / total;
  const proximity = matches >= 2 ? Math.min(1, (matches - 1) / (hi - lo)) : 0;
  const typeScore = answerTypeScore(index, i, answerType, terms.length === 1);
  // Where a term is first mentioned is where an article introduces it: that matters for
  // "what is…" questions, not for "when" or "how many".
  let firstMention = 0;
  if (answerType === 'thing' || answerType === 'manner' || answerType === undefined) {
    const start = index.tokenStart[i]!;
    for (let k = 0; k < scratch.matchedCount; k++) {
      if (index.firstMention[start + scratch.matched[k]!] === 1) {
        firstMention = 1;
        break;
      }
    }
  }
  const kind = index.kindOf[i] === BODY ? 1 : WEIGHTS.leadKind;
  const raw = coverage * (1 + WEIGHTS.proximity * proximity + WEIGHTS.phrase * phrase + WEIGHTS.answerType * typeScore + WEIGHTS.firstMention * firstMention);
  parts.score = (raw * kind) / MAX_RAW;
  parts.anchored = anchored;
  parts.coverage = coverage;
  parts.proximity = proximity;
  parts.phrase = phrase;
  parts.answerType = typeScore;
  parts.firstMention = firstMention;
  parts.neighbours = 0;
  parts.kind = kind;
}

const BODY = 0;
/**
 * Where `scoreInto` writes. Every one comes from here, so they all share one hidden class
 * and the optimised scoring code never meets an object shape it did not expect.
 */
const newParts = () => ({ score: 0.5, anchored: false, coverage: 0.5, proximity: 0.5, phrase: 0.5, answerType: 0.5, firstMention: 0.5, neighbours: 0.5, kind: 0.5 });
const quick = newParts();

/**
 * Sentence `i`'s score, coverage and anchoring, without the details (what ranking needs).
 * The object returned is reused by the next call: read it first. `total` is
 * `totalImportance(terms)`, passed in so that it is summed once per question.
 */
export function quickScore(
  index: SentenceIndex,
  i: number,
  terms: readonly CompiledTerm[],
  answerType: AnswerType | undefined,
  total: number,
): { readonly score: number; readonly coverage: number; readonly anchored: boolean } {
  scoreInto(quick, index, i, terms, answerType, total);
  return quick;
}

/** Scores sentence `i` with everything that went into it; the same score as `quickScore`. */
export function scoreSentence(index: SentenceIndex, i: number, terms: readonly CompiledTerm[], answerType: AnswerType | undefined): ScoredSentence {
  const matches: TermMatch[] = [];
  const termWeights = new Array<number>(terms.length).fill(0);
  const parts = newParts();
  scoreInto(parts, index, i, terms, answerType, totalImportance(terms), matches, termWeights);
  const { score, anchored, ...explain } = parts;
  return { index: i, score, matches, anchored, explain, termWeights };
}

/** The largest bonuses any sentence can earn for a question (see `bonusBounds`). */
export interface BonusBounds {
  /** The sum of every bonus the question allows. */
  max: number;
  termCount: number;
  /** The answer-type bonus, when the question has one, and the feature bits that can earn it. */
  typeBonus: number;
  typeBits: number;
}

/**
 * The largest sum of bonuses any sentence can earn for this question: proximity and
 * phrase need two terms, the answer-type bonus an answer type, the first-mention bonus a
 * "what is" kind of question. Kept next to `scoreInto` so the two change together.
 */
export function bonusBounds(termCount: number, answerType: AnswerType | undefined): BonusBounds {
  const introduces = answerType === 'thing' || answerType === 'manner' || answerType === undefined;
  const typed = answerType !== undefined && (termCount === 1 || (answerType !== 'thing' && answerType !== 'manner'));
  const typeBonus = typed ? WEIGHTS.answerType : 0;
  const features: Feature[] = !typed ? [] : answerType === 'thing' || answerType === 'manner' ? ['definition'] : (TYPE_FEATURES[answerType] ?? []).map(([f]) => f);
  return {
    max: (termCount >= 2 ? WEIGHTS.proximity + WEIGHTS.phrase : 0) + typeBonus + (introduces ? WEIGHTS.firstMention : 0),
    termCount,
    typeBonus,
    typeBits: features.reduce((m, f) => m | FEATURE_BIT[f], 0),
  };
}

/**
 * The bonuses sentence `i` can earn, from what the index knows without reading it: the
 * answer-type bonus only if the sentence holds something of that type at all (a sentence
 * without a number cannot answer "how many"), and the proximity and phrase bonuses only
 * as far as the number of question terms it can hold (`matchable`) allows.
 */
export function maxBonusFor(index: SentenceIndex, i: number, matchable: number, bounds: BonusBounds): number {
  let b = bounds.max;
  if (bounds.typeBonus > 0 && (index.featureMask[i]! & bounds.typeBits) === 0) b -= bounds.typeBonus;
  const terms = bounds.termCount;
  if (terms >= 2 && matchable < terms) {
    // Proximity needs two matched terms; the phrase bonus counts neighbouring pairs, at most matchable - 1 of terms - 1.
    b -= matchable < 2 ? WEIGHTS.proximity + WEIGHTS.phrase : (WEIGHTS.phrase * (terms - matchable)) / (terms - 1);
  }
  return Math.max(0, b);
}

/**
 * The highest score a sentence can reach given an upper bound of its coverage and of its
 * best neighbour's, for a question whose bonuses add up to at most `bonus`.
 */
export function scoreUpperBound(coverage: number, neighbourCoverage: number, bonus: number): number {
  return Math.min(1, (coverage * (1 + bonus) + WEIGHTS.neighbours * neighbourCoverage) / MAX_RAW);
}
