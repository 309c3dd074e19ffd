import type { AnalysedQuestion, QueryTerm } from './analyse.ts';
import { STOPWORDS, type AnswerType } from './language/stopwords.ts';
import type { WordNet } from './language/wordnet.ts';
import { stem, tokenize } from './language/text.ts';
import { totalImportance, type CompiledTerm, type ScoredSentence } from './score.ts';
import { FEATURE_BIT, type SentenceIndex } from './sentence-index.ts';
import { explainRanked, type RankedSentence } from './top-ranked.ts';
import { RANKER } from './ranker-model.ts';
import type { WordVectors } from './language/word-vectors.ts';
import { questionVectors, sentenceSemantics, termRows } from './semantic.ts';
import { BM25_B, BM25_K1, CLOSE_FORM, EXACT_WEIGHT, LONG_QUESTION_TERMS, MODIFIER_FACTOR, SHORT_SENTENCE } from './tuning.ts';

/**
 * The second stage of ranking. The first stage (`topRanked`) finds, fast and exactly,
 * the sentences that cover the question best on their own words. This stage looks at
 * each of those candidates in its article: what the article's title and the rest of the
 * article say about the question's terms (a Wikipedia section about a film rarely names
 * the film in every sentence), where the sentence stands (a news story's lead states the
 * main event; later remarks are background), and what kind of sentence it is (a caption
 * such as "200px" or a bare heading is rarely an answer). A linear model over these
 * features, fitted by `scripts/train-ranker.ts` with cross-validation, orders the
 * candidates, and a calibrated logistic estimate of the chance that each one is right
 * gives the confidence shown to members and decides abstention.
 */

/** The features, in the order of the model's weights. Each is in [0, 1] (or close). */
export const FEATURE_NAMES = [
  'coverage',
  'exact',
  'titleGain',
  'docGain',
  'missingMax',
  'proximity',
  'phrase',
  'answerType',
  'firstMention',
  'neighbours',
  'headline',
  'caption',
  'lead',
  'position',
  'length',
  'short',
  'nonWords',
  'subject',
  'definition',
  'relativeScore',
  'matchedShare',
  'docShare',
  'localCoverage',
  'localExact',
  'lengthNormalised',
  'localLengthNormalised',
  'termCount',
  'background',
  'semantic',
  'semanticGain',
  'centroid',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
const F = Object.fromEntries(FEATURE_NAMES.map((n, k) => [n, k])) as Record<FeatureName, number>;

/** What the reranker knows of every article: its sentence range and its title's stems. */
export class ArticleContext {
  /** Per document position: first sentence index, and one past the last. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Per document position: the stems of its title. */
  readonly titleStems: Array<Set<string>>;
  /** Document position by article id. */
  readonly byId = new Map<string, number>();
  /** Average sentence length in words. */
  readonly averageLength: number;
  /** Per document position: the year it was published, or 0. */
  readonly year: Int32Array;
  /** Per index term: its row in the word-vector table, or -1 (`termRows`). */
  readonly vectorRows: Int32Array;

  constructor(
    readonly index: SentenceIndex,
    /** For telling a name used as a modifier ("U.S. lawmakers") from the name itself. */
    readonly wordnet?: WordNet,
    /** For closeness in meaning beyond shared words (`semantic.ts`). */
    readonly vectors?: WordVectors,
  ) {
    this.vectorRows = vectors ? termRows(index, vectors) : new Int32Array(0);
    this.nonWords = new Float32Array(index.size).fill(-1);
    const docs = [...index.sources.values()];
    this.start = new Int32Array(docs.length).fill(-1);
    this.end = new Int32Array(docs.length).fill(-1);
    docs.forEach((d, k) => this.byId.set(d.id, k));
    for (let i = 0; i < index.size; i++) {
      const d = index.docOf[i]!;
      if (d < 0) continue;
      if (this.start[d]! < 0) this.start[d] = i;
      this.end[d] = i + 1;
    }
    this.titleStems = docs.map((d) => new Set(tokenize(d.title).map((t) => stem(t.norm))));
    this.averageLength = index.size ? index.tokenStart[index.size]! / index.size : 1;
    this.year = Int32Array.from(docs, (d) => (d.published ? Number(d.published.slice(0, 4)) : 0));
  }

  /** Per sentence: `nonWordShare` of its text, or -1 until first asked (two regular expressions are not free at 40 candidates a question). */
  private readonly nonWords: Float32Array;

  /** The share of sentence `i`'s words that mix letters and digits (markup, codes, credits). */
  nonWordShare(i: number): number {
    let v = this.nonWords[i]!;
    if (v < 0) v = this.nonWords[i] = nonWordShare(this.index.sentences[i]!.text);
    return v;
  }

  /** True when some sentence of document `d` holds term `id`. */
  docHas(d: number, id: number): boolean {
    return this.docCount(d, id) > 0;
  }

  /** How many sentences of document `d` hold term `id` (two binary searches in its postings). */
  docCount(d: number, id: number): number {
    const list = this.index.postings[id];
    if (!list || this.start[d]! < 0) return 0;
    return lowerBound(list, this.end[d]!) - lowerBound(list, this.start[d]!);
  }
}

function lowerBound(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A candidate after reranking: the first stage's view, what went into the model, and its result. */
export interface RerankedSentence {
  first: RankedSentence;
  scored: ScoredSentence;
  features: Float64Array;
  /** The model's score (a logit: higher is better). */
  z: number;
  /** Estimated probability that this sentence answers the question, in [0, 1]. */
  confidence: number;
}

/** The weight with which a term's literal words or forms appear in a title. */
function titleWeight(term: QueryTerm, title: Set<string>): number {
  if (term.literal.length && term.literal.every((s) => title.has(s))) return 1;
  let best = 0;
  for (const f of term.forms) if (f.weight > best && f.stems.every((s) => title.has(s))) best = f.weight;
  return best;
}

/** The weight of the heaviest form of `term` that document `d` holds anywhere. */
function docWeight(term: CompiledTerm, d: number, articles: ArticleContext): number {
  for (const f of term.forms) if (f.ids.every((id) => articles.docHas(d, id))) return f.weight;
  return 0;
}

/**
 * How rare `term` is within document `d` (BM25's idf over the document's sentences):
 * the article's topic words ("Kestrel" in a story about Kestrel) are in most of its
 * sentences and say little about which sentence answers; the question's other words do.
 */
function localRarity(term: CompiledTerm, d: number, articles: ArticleContext): number {
  const n = articles.end[d]! - articles.start[d]!;
  let df = 0;
  // Close forms only: a loose relative's frequency says little about the term's.
  for (const f of term.forms) if (f.weight >= CLOSE_FORM) df = Math.max(df, articles.docCount(d, articles.index.rarestTerm(f.ids)));
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

const NON_WORD = /\S*(?:\d\p{L}|\p{L}\d)\S*/gu;
const WORD = /\S+/g;

/** The share of a sentence's words that mix letters and digits ("200px", "1x2"): markup, codes, credits. */
function nonWordShare(text: string): number {
  const words = text.match(WORD)?.length ?? 0;
  return words ? (text.match(NON_WORD)?.length ?? 0) / words : 1;
}

/** The features of every candidate, the model's score and the calibrated confidence, best first. */
export function rerank(
  articles: ArticleContext,
  analysis: AnalysedQuestion,
  terms: CompiledTerm[],
  answerType: AnswerType | undefined,
  pool: RankedSentence[],
  perArticle = false,
): RerankedSentence[] {
  const index = articles.index;
  const total = totalImportance(terms);
  const bestFirst = pool.reduce((m, s) => Math.max(m, s.score), 0) || 1;
  // Per document, per term: weight in the title, and anywhere in the document.
  const docCache = new Map<number, { title: number[]; doc: number[]; share: number; local: number[]; localTotal: number }>();
  const docView = (d: number) => {
    let v = docCache.get(d);
    if (!v) {
      const title = analysis.terms.map((t) => (d >= 0 ? titleWeight(t, articles.titleStems[d]!) : 0));
      const doc = terms.map((t) => (d >= 0 ? docWeight(t, d, articles) : 0));
      const local = terms.map((t) => t.importance * (d >= 0 ? localRarity(t, d, articles) : 1));
      let share = 0;
      for (let k = 0; k < terms.length; k++) share += terms[k]!.importance * Math.max(title[k]!, doc[k]!);
      v = { title, doc, share: share / total, local, localTotal: local.reduce((a, b) => a + b, 0) || 1 };
      docCache.set(d, v);
    }
    return v;
  };
  const bestDocShare = pool.reduce((m, s) => Math.max(m, docView(index.docOf[s.index]!).share), 0) || 1;
  const heads = nameHeads(analysis, articles.wordnet);
  const historical = HISTORICAL.test(analysis.text);
  const vectors = articles.vectors;
  const asked = vectors && questionVectors(analysis, vectors);
  const nearest = new Map<number, Float64Array>();
  const out: RerankedSentence[] = [];
  for (const first of pool) {
    const i = first.index;
    const scored = explainRanked(index, terms, answerType, first);
    if (heads.size) discountModifiers(scored, terms, heads, index.sentences[i]!.text, articles.wordnet!);
    const d = index.docOf[i]!;
    const view = docView(d);
    const f = new Float64Array(FEATURE_COUNT);
    let exact = 0;
    let titleGain = 0;
    let docGain = 0;
    let missingMax = 0;
    let matched = 0;
    let localCoverage = 0;
    let localExact = 0;
    let coverage = 0;
    for (let k = 0; k < terms.length; k++) {
      const share = terms[k]!.importance / total;
      const w = scored.termWeights[k]!;
      coverage += share * w;
      if (w > 0) matched++;
      if (w >= EXACT_WEIGHT) exact += share;
      const local = view.local[k]! / view.localTotal;
      localCoverage += local * w;
      if (w >= EXACT_WEIGHT) localExact += local;
      const wt = Math.max(w, view.title[k]!);
      titleGain += share * (wt - w);
      const wd = Math.max(wt, view.doc[k]!);
      docGain += share * (wd - wt);
      missingMax = Math.max(missingMax, share * (1 - wd));
    }
    const start = index.tokenStart[i]!;
    const length = index.tokenStart[i + 1]! - start;
    let subject = 0;
    for (const m of scored.matches) if (m.positions.some((p) => p < 3)) subject = 1;
    const docStart = d >= 0 ? articles.start[d]! : i;
    const docLength = d >= 0 ? articles.end[d]! - docStart : 1;
    const ex = scored.explain;
    f[F.coverage] = coverage;
    f[F.exact] = exact;
    f[F.titleGain] = titleGain;
    f[F.docGain] = docGain;
    f[F.missingMax] = missingMax;
    f[F.proximity] = ex.proximity;
    f[F.phrase] = ex.phrase;
    f[F.answerType] = ex.answerType;
    f[F.firstMention] = ex.firstMention;
    f[F.neighbours] = first.neighbours;
    f[F.headline] = index.kindOf[i] === 1 ? 1 : 0;
    f[F.caption] = index.kindOf[i] === 2 ? 1 : 0;
    f[F.lead] = 1 / (1 + (i - docStart));
    f[F.position] = docLength > 1 ? (i - docStart) / (docLength - 1) : 0;
    f[F.length] = Math.min(1, Math.log1p(length) / Math.log1p(60));
    f[F.short] = length <= SHORT_SENTENCE ? 1 : 0;
    f[F.nonWords] = articles.nonWordShare(i);
    f[F.subject] = subject;
    f[F.definition] = definitionAt(index, i, scored) ? 1 : 0;
    f[F.relativeScore] = first.score / bestFirst;
    f[F.matchedShare] = terms.length ? matched / terms.length : 0;
    f[F.docShare] = view.share / bestDocShare;
    f[F.localCoverage] = localCoverage;
    f[F.localExact] = localExact;
    const norm = (1 + BM25_K1) / (1 + BM25_K1 * (1 - BM25_B + (BM25_B * length) / articles.averageLength));
    f[F.lengthNormalised] = coverage * norm;
    f[F.localLengthNormalised] = localCoverage * norm;
    f[F.termCount] = Math.min(1, terms.length / LONG_QUESTION_TERMS);
    if (asked) {
      const sem = sentenceSemantics(asked, i, index, articles.vectorRows, vectors, nearest);
      let semantic = 0;
      let gain = 0;
      for (let k = 0; k < terms.length; k++) {
        const share = terms[k]!.importance / total;
        const w = scored.termWeights[k]!;
        const c = sem.closeness[k]!;
        semantic += share * Math.max(w, c);
        gain += share * Math.max(0, c - w);
      }
      f[F.semantic] = semantic;
      f[F.semanticGain] = gain;
      f[F.centroid] = sem.cosine;
    }
    f[F.background] = !historical && d >= 0 && isBackground(index.sentences[i]!.text, articles.year[d]!) ? 1 : 0;
    out.push({ first, scored, features: f, z: modelScore(RANKER, f), confidence: 0 });
  }
  out.sort((a, b) => b.z - a.z || a.first.index - b.first.index);
  calibrate(out, perArticle);
  return out;
}

/**
 * The question's terms that are names used as names, not as modifiers: "what did the US
 * say" is about the country, "who are the US lawmakers" about lawmakers.
 */
function nameHeads(analysis: AnalysedQuestion, wordnet: WordNet | undefined): Set<string> {
  const heads = new Set<string>();
  if (!wordnet) return heads;
  const tokens = tokenize(analysis.text);
  for (const term of analysis.terms) {
    const words = tokenize(term.text);
    const last = words.at(-1);
    if (!last) continue;
    const at = tokens.findIndex((_, k) => words.every((w, j) => tokens[k + j]?.norm === w.norm));
    if (at < 0) continue;
    // As the analysis read it ("the us" is the country): capitalised, or a known place or person.
    const isName = /^\p{Lu}/u.test(last.raw) || wordnet.isNamedEntity(last.norm);
    if (isName && !modifies(tokens[at + words.length]?.norm, wordnet)) heads.add(term.text);
  }
  return heads;
}

/** Whether a word after a name makes the name its modifier ("lawmakers" after "U.S."). */
function modifies(next: string | undefined, wordnet: WordNet): boolean {
  return next !== undefined && !STOPWORDS.has(next) && /^\p{L}+$/u.test(next) && wordnet.isOnlyNoun(next);
}

/**
 * A name the question is about that the sentence only uses as a modifier ("U.S. lawmakers
 * among the invitees" for "what did the US say") counts less: the sentence is about the
 * lawmakers, not the country.
 */
function discountModifiers(scored: ScoredSentence, terms: CompiledTerm[], heads: Set<string>, text: string, wordnet: WordNet): void {
  let tokens: ReturnType<typeof tokenize> | undefined;
  for (const m of scored.matches) {
    if (!heads.has(m.term) || m.positions.length !== 1) continue;
    tokens ??= tokenize(text);
    const next = tokens[m.positions[0]! + 1];
    if (!next || next.start - tokens[m.positions[0]!]!.end > 1 || /^\p{Lu}/u.test(next.raw)) continue;
    if (!modifies(next.norm, wordnet)) continue;
    const k = terms.findIndex((t) => t.text === m.term);
    if (k >= 0) scored.termWeights[k]! *= MODIFIER_FACTOR;
  }
}

/** A question about the past: it asks for history, earlier times or a year. */
const HISTORICAL = /\b(?:before|previous(?:ly)?|earlier|past|history|historic(?:al)?|ever|ago|prior|since|again|former(?:ly)?|first time|last time|(?:1[5-9]|20)\d\d)\b/i;
const YEAR = /\b(1[5-9]\d\d|20\d\d)\b/g;

/**
 * Whether a sentence of a dated article tells of earlier events ("In 2020 and 2018, Tirana
 * expelled…" in a story from 2022): background, which a question about the news itself
 * ("why were the diplomats expelled?") is not asking about.
 */
function isBackground(text: string, published: number): boolean {
  if (!published) return false;
  for (const m of text.matchAll(YEAR)) if (Number(m[1]) < published) return true;
  return /\bpreviously\b/i.test(text);
}

/** Whether the sentence defines one of the question's matched words ("X was a Danish nobleman"). */
function definitionAt(index: SentenceIndex, i: number, scored: ScoredSentence): boolean {
  if ((index.featureMask[i]! & FEATURE_BIT.definition) === 0) return false;
  const matched = new Set(scored.matches.flatMap((m) => m.positions));
  for (let f = index.featureStart[i]!; f < index.featureStart[i + 1]!; f++) {
    if (index.featureCode[f] === DEFINITION_CODE && matched.has(index.featurePos[f]!)) return true;
  }
  return false;
}
const DEFINITION_CODE = Math.log2(FEATURE_BIT.definition);

/**
 * The ranking model: linear in the features, plus a few tanh units that let one feature's
 * weight depend on others (written by `scripts/train-ranker.ts`).
 */
export interface RankingModel {
  weights: readonly number[];
  bias: number;
  hidden?: { weights: ReadonlyArray<readonly number[]>; bias: readonly number[]; output: readonly number[] };
}

export function modelScore(model: RankingModel, f: ArrayLike<number>): number {
  const w = model.weights;
  let z = model.bias;
  for (let k = 0; k < w.length; k++) z += w[k]! * f[k]!;
  const hidden = model.hidden;
  if (hidden) {
    for (let h = 0; h < hidden.output.length; h++) {
      const u = hidden.weights[h]!;
      let a = hidden.bias[h]!;
      for (let k = 0; k < u.length; k++) a += u[k]! * f[k]!;
      z += hidden.output[h]! * Math.tanh(a);
    }
  }
  return z;
}

/**
 * What the confidence estimate looks at, in the order of its weights: the model's score,
 * its lead over the runner-up (for the best) or its distance behind the best (for the
 * others), that it has no rival at all, whether the question was asked of one article
 * (where "not in this article" is a common, right answer), and every feature of the
 * candidate (how much of the question it covers, literally or in meaning, what its title
 * adds, the heaviest term its article lacks, how long the question is…).
 */
export const CONFIDENCE_INPUTS = ['z', 'margin', 'alone', 'perArticle', 'rivals', ...FEATURE_NAMES] as const;

/** The inputs of the confidence estimate for candidate `k` of a reranked list (see CONFIDENCE_INPUTS). */
export function confidenceInputs(list: ReadonlyArray<Pick<RerankedSentence, 'z' | 'features'>>, k: number, perArticle: boolean): number[] {
  const me = list[k]!;
  const other = k === 0 ? list[1] : list[0];
  return [me.z, other ? me.z - other.z : 0, other ? 0 : 1, perArticle ? 1 : 0, rivals(list, k), ...me.features];
}

/**
 * How many other candidates cover the question as well as candidate `k` (on a log scale,
 * 1 at RIVALS_SCALE): "what % did Carvalho get" is covered by every sentence naming her,
 * and the one ranked first is then less sure to be the one that answers.
 */
function rivals(list: ReadonlyArray<Pick<RerankedSentence, 'features'>>, k: number): number {
  const mine = list[k]!.features[F.coverage]!;
  let n = 0;
  for (let j = 0; j < list.length; j++) if (j !== k && list[j]!.features[F.coverage]! >= mine - RIVAL_MARGIN) n++;
  return Math.min(1, Math.log1p(n) / Math.log1p(RIVALS_SCALE));
}
const RIVAL_MARGIN = 0.02;
const RIVALS_SCALE = 20;

/** Sets each candidate's calibrated confidence (logistic over `confidenceInputs`). */
function calibrate(list: RerankedSentence[], perArticle: boolean): void {
  const c = RANKER.calibration;
  for (let k = 0; k < list.length; k++) {
    const x = confidenceInputs(list, k, perArticle);
    let v = c.bias;
    for (let j = 0; j < x.length; j++) v += c.weights[j]! * x[j]!;
    list[k]!.confidence = sigmoid(v);
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
