import type { KnowledgeBase, Sentence, SourceMeta } from '../knowledge/types.ts';
import { definitionPositions, detectFeatures, type Feature, type FeatureMap } from './features.ts';
import { stem, tokenize } from './language/text.ts';

/** A sentence as the index keeps it: its words as term ids, in order, and what it contains. */
export interface IndexedSentence extends Sentence {
  /** Term id of each token, in reading order (positions are array indexes). */
  terms: number[];
  features: FeatureMap;
  /** Positions of terms that appear here for the first time in their document. */
  firstMentions: number[];
}

/** The serialisable part of an index: everything else is derived on load. */
export interface SerializedIndex {
  format: number;
  sources: SourceMeta[];
  terms: string[];
  /** Folded surface word → term id, so typo correction can work on real words. */
  surfaces: Array<[string, number]>;
  sentences: IndexedSentence[];
}

export const INDEX_FORMAT = 1;

/**
 * An inverted index over stems: which sentences hold each term, and how rare it is.
 * Built once per knowledge base; saved and loaded as plain JSON.
 */
export class SentenceIndex {
  readonly termIds = new Map<string, number>();
  /** Sentence indexes holding each term, ascending, without repeats. */
  readonly postings: number[][] = [];
  readonly surfaceToTerm = new Map<string, number>();
  readonly sources = new Map<string, SourceMeta>();
  private readonly byId = new Map<string, number>();

  private constructor(
    readonly terms: string[],
    readonly sentences: IndexedSentence[],
    surfaces: Iterable<[string, number]>,
    sources: SourceMeta[],
  ) {
    terms.forEach((t, i) => {
      this.termIds.set(t, i);
      this.postings.push([]);
    });
    sentences.forEach((s, i) => {
      this.byId.set(s.id, i);
      for (const id of new Set(s.terms)) this.postings[id]!.push(i);
    });
    for (const [surface, id] of surfaces) this.surfaceToTerm.set(surface, id);
    for (const source of sources) this.sources.set(source.id, source);
  }

  static build(kb: KnowledgeBase, onProgress?: (done: number, total: number) => void): SentenceIndex {
    const terms: string[] = [];
    const termIds = new Map<string, number>();
    const surfaces = new Map<string, number>();
    const intern = (t: string) => {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        terms.push(t);
        termIds.set(t, id);
      }
      return id;
    };
    const sentences: IndexedSentence[] = [];
    const seenInDoc = new Map<string, Set<number>>();
    const total = kb.sentences.length;
    kb.sentences.forEach((sentence, n) => {
      const tokens = tokenize(sentence.text);
      const ids = tokens.map((t) => {
        const id = intern(stem(t.norm));
        if (!surfaces.has(t.norm)) surfaces.set(t.norm, id);
        return id;
      });
      const features = detectFeatures(tokens);
      const definitions = definitionPositions(sentence.text, tokens);
      if (definitions.length) features.definition = definitions;
      let seen = seenInDoc.get(sentence.docId);
      if (!seen) seenInDoc.set(sentence.docId, (seen = new Set()));
      const firstMentions: number[] = [];
      ids.forEach((id, i) => {
        if (!seen.has(id)) {
          seen.add(id);
          firstMentions.push(i);
        }
      });
      sentences.push({ ...sentence, terms: ids, features, firstMentions });
      if (onProgress && (n % 2000 === 0 || n === total - 1)) onProgress(n + 1, total);
    });
    return new SentenceIndex(terms, sentences, surfaces, kb.documents.map((d) => d.meta));
  }

  static fromJSON(data: SerializedIndex): SentenceIndex {
    if (data.format !== INDEX_FORMAT) throw new Error(`index format ${data.format} is not ${INDEX_FORMAT}`);
    return new SentenceIndex(data.terms, data.sentences, data.surfaces, data.sources);
  }

  toJSON(): SerializedIndex {
    return {
      format: INDEX_FORMAT,
      sources: [...this.sources.values()],
      terms: this.terms,
      surfaces: [...this.surfaceToTerm],
      sentences: this.sentences,
    };
  }

  get size(): number {
    return this.sentences.length;
  }

  termId(stemmed: string): number | undefined {
    return this.termIds.get(stemmed);
  }

  df(termId: number): number {
    return this.postings[termId]?.length ?? 0;
  }

  /** Inverse document frequency (BM25's, kept positive), sentences being the documents. */
  idf(termId: number | undefined): number {
    const n = this.sentences.length;
    const df = termId === undefined ? 0 : this.df(termId);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  indexOf(sentenceId: string): number | undefined {
    return this.byId.get(sentenceId);
  }

  hasFeature(sentence: IndexedSentence, feature: Feature): boolean {
    return (sentence.features[feature]?.length ?? 0) > 0;
  }
}
