import type { AnalysedQuestion } from './analyse.ts';
import { STOPWORDS } from './language/stopwords.ts';
import { stem, tokenize } from './language/text.ts';
import type { WordVectors } from './language/word-vectors.ts';
import type { SentenceIndex } from './sentence-index.ts';
import { SEMANTIC_FLOOR, SEMANTIC_FORM } from './tuning.ts';

/**
 * Closeness in meaning between a question and a sentence, from word vectors: what the
 * question's terms, the lexicon and WordNet miss ("revenue" for "sales", "stock" for
 * "shares", "appeal" for "ask the Supreme Court to hear"). Two views, both for the
 * reranker's model to weigh: per term, how close the nearest word of the sentence comes;
 * and the cosine between the question's and the sentence's mean vectors (words weighted by
 * rarity, so that the topic's common words do not decide).
 */

/** The question as vectors: each term's words, and the whole question's mean. */
export interface QuestionVectors {
  /** Per term (in the analysis' order): the table's rows of its words. */
  rows: number[][];
  /** Importance-weighted mean of every term's words (unnormalised); empty when no word is known. */
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
  return { rows, mean };
}

export interface SentenceSemantics {
  /** Per term: how close the sentence's nearest word comes, mapped to [0, 1] (0 below SEMANTIC_FLOOR). */
  closeness: Float64Array;
  /** Cosine between the question's and the sentence's mean vectors (0 when either is empty). */
  cosine: number;
}

export function sentenceSemantics(question: QuestionVectors, text: string, index: SentenceIndex, vectors: WordVectors): SentenceSemantics {
  const closeness = new Float64Array(question.rows.length);
  const ids: number[] = [];
  const mean = new Float32Array(vectors.dimensions);
  for (const w of contentWords(text)) {
    const id = vectors.id(w);
    if (id < 0) continue;
    ids.push(id);
    vectors.addTo(mean, id, index.idf(index.termId(stem(w))));
  }
  question.rows.forEach((rows, k) => {
    let best = 0;
    for (const a of rows) for (const b of ids) best = Math.max(best, vectors.similarity(a, b));
    closeness[k] = Math.max(0, (best - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR));
  });
  return { closeness, cosine: cosine(question.mean, mean) };
}

function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.norm)
    .filter((w) => !STOPWORDS.has(w) && /^\p{L}/u.test(w));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j]! * b[j]!;
    na += a[j]! * a[j]!;
    nb += b[j]! * b[j]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
