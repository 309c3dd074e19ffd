import type { AnalysedQuestion } from './analyse.ts';
import { STOPWORDS } from './language/stopwords.ts';
import { tokenize } from './language/text.ts';
import type { WordVectors } from './language/word-vectors.ts';
import type { SentenceIndex } from './sentence-index.ts';
import { SEMANTIC_FLOOR, SEMANTIC_FORM } from './tuning.ts';

/**
 * Closeness in meaning between a question and a sentence, from word vectors: what the
 * question's terms, the lexicon and WordNet miss ("revenue" for "sales", "stock" for
 * "shares", "appeal" for "ask the Supreme Court to hear"). Two views, both for the
 * reranker's model to weigh: per term, how close the nearest word of the sentence comes;
 * and how near the sentence's words come to the question's mean vector on average (weighted
 * by rarity, so that the topic's common words do not decide).
 */

/** The question as vectors: each term's words, and the whole question's mean. */
export interface QuestionVectors {
  /** Per term (in the analysis' order): the table's rows of its words. */
  rows: number[][];
  /** Importance-weighted mean of every term's words, at unit length; all zero when no word is known. */
  mean: Float32Array;
}

export function questionVectors(analysis: AnalysedQuestion, vectors: WordVectors): QuestionVectors {
  const mean = new Float32Array(vectors.dimensions);
  const rows = analysis.terms.map((term) => {
    const words = new Set(contentWords(term.text));
    // A corrected typo or a split compound stands for the word as asked ("washnigton").
    for (const f of term.forms) if (f.weight >= SEMANTIC_FORM && (f.via === 'fuzzy' || f.via === 'compound')) for (const w of contentWords(f.label)) words.add(w);
    const ids = [...words].map((w) => vectors.id(w)).filter((id) => id >= 0);
    for (const id of ids) vectors.addTo(mean, id, term.importance / ids.length);
    return ids;
  });
  const norm = Math.hypot(...mean);
  if (norm > 0) for (let j = 0; j < mean.length; j++) mean[j]! /= norm;
  return { rows, mean };
}

export interface SentenceSemantics {
  /** Per term: how close the sentence's nearest word comes, mapped to [0, 1] (0 below SEMANTIC_FLOOR). */
  closeness: Float64Array;
  /** The rarity-weighted mean of the sentence words' cosines with the question's mean vector (0 when none is known). */
  cosine: number;
}

/**
 * Each index term's row in the vector table (-1 for none, and for stopwords): the row of
 * its most frequent surface form, so a sentence's words are read off the index's token
 * columns instead of its text.
 */
export function termRows(index: SentenceIndex, vectors: WordVectors): Int32Array {
  const rows = new Int32Array(index.terms.length).fill(-1);
  for (const [surface, term] of index.surfaceToTerm) {
    if (STOPWORDS.has(surface)) continue;
    const row = vectors.id(surface);
    // The table lists words by frequency: a lower row is a more frequent form.
    if (row >= 0 && (rows[term]! < 0 || row < rows[term]!)) rows[term] = row;
  }
  return rows;
}

/**
 * Closeness of sentence `i` to the asked question. `nearest` is the question's own memo:
 * per vector row met so far, each term's similarity to it and the question mean's (the
 * sentences of one pool share most of their words).
 */
export function sentenceSemantics(
  question: QuestionVectors,
  i: number,
  index: SentenceIndex,
  rows: Int32Array,
  vectors: WordVectors,
  nearest: Map<number, Float64Array>,
): SentenceSemantics {
  const k = question.rows.length;
  const closeness = new Float64Array(k);
  let weighted = 0;
  let weights = 0;
  for (let t = index.tokenStart[i]!; t < index.tokenStart[i + 1]!; t++) {
    const term = index.tokenIds[t]!;
    const row = rows[term]!;
    if (row < 0) continue;
    let sims = nearest.get(row);
    if (!sims) {
      sims = new Float64Array(k + 1);
      for (let j = 0; j < k; j++) {
        let best = 0;
        for (const a of question.rows[j]!) best = Math.max(best, vectors.similarity(a, row));
        sims[j] = best;
      }
      sims[k] = vectors.dot(row, question.mean);
      nearest.set(row, sims);
    }
    for (let j = 0; j < k; j++) if (sims[j]! > closeness[j]!) closeness[j] = sims[j]!;
    // The sentence's words, weighted by rarity, each by how near it is to the question as a whole.
    const idf = index.idf(term);
    weighted += idf * sims[k]!;
    weights += idf;
  }
  for (let j = 0; j < k; j++) closeness[j] = Math.max(0, (closeness[j]! - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR));
  return { closeness, cosine: weights ? weighted / weights : 0 };
}

function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.norm)
    .filter((w) => !STOPWORDS.has(w) && /^\p{L}/u.test(w));
}
