import type { KnowledgeBase, Sentence, SentenceKind, SourceMeta } from '../knowledge/types.ts';
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

/**
 * The serialisable part of an index, laid out by column so that a large index parses
 * quickly (a few flat number arrays instead of one object per sentence). Postings and
 * lookup tables are derived on load.
 */
export interface SerializedIndex {
  format: number;
  sources: SourceMeta[];
  /** Term id → stem. */
  terms: string[];
  /** Folded surface words and the term id of each, so typo correction can work on real words. */
  surfaces: { words: string[]; terms: number[] };
  sentences: SerializedSentences;
}

/** One entry per sentence in every array except the flattened ones, which use the `*Counts` lengths. */
export interface SerializedSentences {
  id: string[];
  /** Index into `sources`. */
  doc: number[];
  /** Index into `kinds`. */
  kind: number[];
  kinds: SentenceKind[];
  paragraph: number[];
  sentence: number[];
  text: string[];
  start: number[];
  end: number[];
  /** How many term ids each sentence has in `termIds`. */
  termCounts: number[];
  termIds: number[];
  /** Feature names; `featureCodes` index into it. */
  featureNames: Feature[];
  /** How many (code, position) pairs each sentence has. */
  featureCounts: number[];
  featureCodes: number[];
  featurePositions: number[];
  firstMentionCounts: number[];
  firstMentions: number[];
}

/** Bump when the serialised layout changes; older files are refused, never guessed at. */
export const INDEX_FORMAT = 2;

/** What `coverageBounds` needs of a question term (the compiled terms of `score.ts` fit). */
export interface WeightedTerm {
  importance: number;
  forms: ReadonlyArray<{ ids: readonly number[]; weight: number }>;
}

/** Sentences that may cover a question's terms enough, and how high their coverage can be. */
export interface CoverageBounds {
  /** Sentence indexes, ascending, whose upper-bound coverage reaches the cutoff (all candidates with cutoff 0). */
  sentences: Int32Array;
  /** Upper bound of each one's coverage (0–1), aligned with `sentences`. */
  bounds: Float64Array;
  /** How many sentences hold at least one form (the candidates before the cutoff). */
  candidates: number;
  /** The highest upper bound among candidates below the cutoff (0 when none). */
  maxExcluded: number;
}

const KIND_CODES: SentenceKind[] = ['body', 'headline', 'caption'];

/**
 * An inverted index over stems: which sentences hold each term, and how rare it is.
 * Built once per knowledge base; saved and loaded as plain JSON.
 *
 * Postings are views into one shared Int32Array (ascending sentence indexes, no repeats),
 * and each sentence's document and paragraph are kept in typed columns too, so scans
 * over many sentences touch compact memory instead of objects.
 */
export class SentenceIndex {
  readonly termIds = new Map<string, number>();
  /** Sentence indexes holding each term, ascending, without repeats. */
  readonly postings: Int32Array[];
  readonly surfaceToTerm: Map<string, number>;
  readonly sources = new Map<string, SourceMeta>();
  /** Per sentence: its document's position in `sources`, and its paragraph. */
  readonly docOf: Int32Array;
  readonly paragraphOf: Int32Array;
  private readonly byId = new Map<string, number>();
  private readonly bm25Idf: Float64Array;
  /** Vocabulary sorted forwards and backwards, for `surfacesWithAffix`; built on first use. */
  private affixes?: AffixTables;
  /** Scratch space for `coverageBounds`, reused across calls (the engine is single-threaded). */
  private scratch?: { acc: Float64Array; seenCall: Int32Array; seenTerm: Int32Array; stamp: number };

  private constructor(
    readonly terms: string[],
    readonly sentences: IndexedSentence[],
    surfaces: Map<string, number>,
    sources: SourceMeta[],
  ) {
    this.surfaceToTerm = surfaces;
    terms.forEach((t, i) => this.termIds.set(t, i));
    sources.forEach((s) => this.sources.set(s.id, s));
    const docIndex = new Map(sources.map((s, i) => [s.id, i]));
    const n = sentences.length;
    this.docOf = new Int32Array(n);
    this.paragraphOf = new Int32Array(n);
    // Two passes: count each term's sentences, then fill one shared buffer.
    const df = new Int32Array(terms.length);
    const lastSeen = new Int32Array(terms.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const s = sentences[i]!;
      this.byId.set(s.id, i);
      this.docOf[i] = docIndex.get(s.docId) ?? -1;
      this.paragraphOf[i] = s.paragraph;
      for (const id of s.terms) {
        if (id < 0 || id >= terms.length) throw new Error(`sentence ${s.id} refers to term ${id}, beyond the ${terms.length} terms`);
        if (lastSeen[id] !== i) {
          lastSeen[id] = i;
          df[id]!++;
        }
      }
    }
    const offsets = new Int32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++) offsets[t + 1] = offsets[t]! + df[t]!;
    const data = new Int32Array(offsets[terms.length]!);
    const fill = offsets.slice(0, terms.length);
    lastSeen.fill(-1);
    for (let i = 0; i < n; i++) {
      for (const id of sentences[i]!.terms) {
        if (lastSeen[id] === i) continue;
        lastSeen[id] = i;
        data[fill[id]!++] = i;
      }
    }
    this.postings = new Array<Int32Array>(terms.length);
    this.bm25Idf = new Float64Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      this.postings[t] = data.subarray(offsets[t]!, offsets[t + 1]!);
      this.bm25Idf[t] = bm25(n, df[t]!);
    }
  }

  static build(kb: KnowledgeBase, onProgress?: (done: number, total: number) => void): SentenceIndex {
    const terms: string[] = [];
    const termIds = new Map<string, number>();
    /** Folded word → term id: one lookup per token instead of stemming it again. */
    const surfaces = new Map<string, number>();
    const sentences: IndexedSentence[] = [];
    const seenInDoc = new Map<string, Set<number>>();
    const total = kb.sentences.length;
    const step = Math.max(1, Math.min(2000, Math.ceil(total / 100)));
    let seen: Set<number> | undefined;
    let seenDoc: string | undefined;
    for (let n = 0; n < total; n++) {
      const sentence = kb.sentences[n]!;
      const tokens = tokenize(sentence.text);
      const ids = new Array<number>(tokens.length);
      for (let k = 0; k < tokens.length; k++) {
        const norm = tokens[k]!.norm;
        let id = surfaces.get(norm);
        if (id === undefined) {
          const stemmed = stem(norm);
          id = termIds.get(stemmed);
          if (id === undefined) {
            id = terms.length;
            terms.push(stemmed);
            termIds.set(stemmed, id);
          }
          surfaces.set(norm, id);
        }
        ids[k] = id;
      }
      const features = detectFeatures(tokens);
      const definitions = definitionPositions(sentence.text, tokens);
      if (definitions.length) features.definition = definitions;
      if (sentence.docId !== seenDoc) {
        seenDoc = sentence.docId;
        seen = seenInDoc.get(seenDoc);
        if (!seen) seenInDoc.set(seenDoc, (seen = new Set()));
      }
      const firstMentions: number[] = [];
      for (let k = 0; k < ids.length; k++) {
        if (!seen!.has(ids[k]!)) {
          seen!.add(ids[k]!);
          firstMentions.push(k);
        }
      }
      sentences.push(indexedSentence(sentence, ids, features, firstMentions));
      if (onProgress && ((n + 1) % step === 0 || n === total - 1)) onProgress(n + 1, total);
    }
    return new SentenceIndex(terms, sentences, surfaces, kb.documents.map((d) => d.meta));
  }

  /**
   * Rebuilds an index from `toJSON` output. The data is checked as it is read (format,
   * array lengths, id ranges), so a damaged file fails loudly instead of answering wrongly.
   */
  static fromJSON(data: SerializedIndex): SentenceIndex {
    if (!data || typeof data !== 'object') throw new Error('index is not an object');
    if (data.format !== INDEX_FORMAT) throw new Error(`index format ${String(data.format)} is not ${INDEX_FORMAT}`);
    const { sources, terms, surfaces } = data;
    const s = data.sentences;
    if (!Array.isArray(sources) || !Array.isArray(terms) || !s || typeof s !== 'object') throw new Error('index is missing its sources, terms or sentences');
    if (!Array.isArray(surfaces?.words) || !Array.isArray(surfaces.terms) || surfaces.words.length !== surfaces.terms.length) {
      throw new Error('index surfaces are damaged');
    }
    const n = s.id?.length ?? 0;
    const columns = ['doc', 'kind', 'paragraph', 'sentence', 'text', 'start', 'end', 'termCounts', 'featureCounts', 'firstMentionCounts'] as const;
    for (const c of columns) if (!Array.isArray(s[c]) || s[c].length !== n) throw new Error(`index column ${c} does not have ${n} entries`);
    const flat = (counts: number[], values: number[], name: string) => {
      if (!Array.isArray(values) || counts.reduce((a, b) => a + b, 0) !== values.length) throw new Error(`index column ${name} has the wrong length`);
    };
    flat(s.termCounts, s.termIds, 'termIds');
    flat(s.firstMentionCounts, s.firstMentions, 'firstMentions');
    flat(s.featureCounts, s.featureCodes, 'featureCodes');
    if (!Array.isArray(s.featurePositions) || s.featurePositions.length !== s.featureCodes.length) throw new Error('index column featurePositions has the wrong length');

    const surfaceMap = new Map<string, number>();
    for (let k = 0; k < surfaces.words.length; k++) {
      const id = surfaces.terms[k]!;
      if (!(id >= 0 && id < terms.length)) throw new Error(`surface ${surfaces.words[k]} refers to a missing term`);
      surfaceMap.set(surfaces.words[k]!, id);
    }
    const sentences = new Array<IndexedSentence>(n);
    let t = 0;
    let f = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const source = sources[s.doc[i]!];
      const kind = s.kinds[s.kind[i]!];
      if (!source || !kind) throw new Error(`sentence ${s.id[i]} has an unknown source or kind`);
      const ids = s.termIds.slice(t, (t += s.termCounts[i]!));
      const features: FeatureMap = {};
      for (const end = f + s.featureCounts[i]!; f < end; f++) {
        const name = s.featureNames[s.featureCodes[f]!];
        if (!name) throw new Error(`sentence ${s.id[i]} has an unknown feature`);
        (features[name] ??= []).push(s.featurePositions[f]!);
      }
      const firstMentions = s.firstMentions.slice(m, (m += s.firstMentionCounts[i]!));
      const base: Sentence = {
        id: s.id[i]!,
        docId: source.id,
        kind,
        paragraph: s.paragraph[i]!,
        sentence: s.sentence[i]!,
        text: s.text[i]!,
        start: s.start[i]!,
        end: s.end[i]!,
      };
      sentences[i] = indexedSentence(base, ids, features, firstMentions);
    }
    return new SentenceIndex(terms, sentences, surfaceMap, sources);
  }

  toJSON(): SerializedIndex {
    const sources = [...this.sources.values()];
    const docIndex = new Map(sources.map((d, i) => [d.id, i]));
    const featureNames: Feature[] = [];
    const featureCode = new Map<string, number>();
    const out: SerializedSentences = {
      id: [], doc: [], kind: [], kinds: KIND_CODES, paragraph: [], sentence: [], text: [], start: [], end: [],
      termCounts: [], termIds: [], featureNames, featureCounts: [], featureCodes: [], featurePositions: [],
      firstMentionCounts: [], firstMentions: [],
    };
    for (const s of this.sentences) {
      out.id.push(s.id);
      out.doc.push(docIndex.get(s.docId)!);
      out.kind.push(KIND_CODES.indexOf(s.kind));
      out.paragraph.push(s.paragraph);
      out.sentence.push(s.sentence);
      out.text.push(s.text);
      out.start.push(s.start);
      out.end.push(s.end);
      out.termCounts.push(s.terms.length);
      for (const id of s.terms) out.termIds.push(id);
      let count = 0;
      for (const [name, positions] of Object.entries(s.features) as Array<[Feature, number[] | undefined]>) {
        let code = featureCode.get(name);
        if (code === undefined) {
          code = featureNames.length;
          featureNames.push(name);
          featureCode.set(name, code);
        }
        for (const p of positions ?? []) {
          out.featureCodes.push(code);
          out.featurePositions.push(p);
          count++;
        }
      }
      out.featureCounts.push(count);
      out.firstMentionCounts.push(s.firstMentions.length);
      for (const p of s.firstMentions) out.firstMentions.push(p);
    }
    return {
      format: INDEX_FORMAT,
      sources,
      terms: this.terms,
      surfaces: { words: [...this.surfaceToTerm.keys()], terms: [...this.surfaceToTerm.values()] },
      sentences: out,
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
    if (termId !== undefined) {
      const v = this.bm25Idf[termId];
      if (v !== undefined) return v;
    }
    return bm25(this.sentences.length, 0);
  }

  indexOf(sentenceId: string): number | undefined {
    return this.byId.get(sentenceId);
  }

  /**
   * Surface words that start or end with `part` and are at least `extra` letters longer,
   * in vocabulary order (the order a scan of `surfaceToTerm` would meet them), found by
   * binary search over the vocabulary sorted forwards and backwards instead of a scan.
   */
  surfacesWithAffix(part: string, extra = 1): string[] {
    const affixes = this.affixTables();
    const hits: number[] = [];
    collectWithPrefix(affixes.forward, affixes.words, part, hits);
    collectWithPrefix(affixes.backward, affixes.reversed, reverse(part), hits);
    const seen = new Set<number>();
    return hits
      .filter((k) => !seen.has(k) && (seen.add(k), affixes.words[k]!.length >= part.length + extra))
      .sort((a, b) => a - b)
      .map((k) => affixes.words[k]!);
  }

  /** The sorted vocabularies behind `surfacesWithAffix` (built once, on first need). */
  affixTables(): AffixTables {
    return (this.affixes ??= buildAffixTables([...this.surfaceToTerm.keys()]));
  }

  /** True when sentences `i` and `j` exist and share a document and a paragraph. */
  sameParagraph(i: number, j: number): boolean {
    const n = this.sentences.length;
    return i >= 0 && j >= 0 && i < n && j < n && this.docOf[i] === this.docOf[j] && this.paragraphOf[i] === this.paragraphOf[j];
  }

  /**
   * Upper bounds of how much of a question each sentence can cover, from the postings
   * alone: for every term, the weight of its best form whose first word the sentence
   * holds, times the term's importance, over the question's total importance. Exact
   * for one-word forms; for phrases it assumes the rest of the phrase is there too, so
   * it never underestimates. Costs one pass over the forms' postings plus one over a
   * typed array as long as the index, so a ranker can score in full only the sentences
   * that can still matter.
   */
  coverageBounds(terms: ReadonlyArray<WeightedTerm>, cutoff = 0, options: { total?: number; slack?: number } = {}): CoverageBounds {
    const n = this.sentences.length;
    let scratch = this.scratch;
    if (!scratch || scratch.acc.length !== n || scratch.stamp > 2_000_000_000) {
      scratch = this.scratch = { acc: new Float64Array(n), seenCall: new Int32Array(n), seenTerm: new Int32Array(n), stamp: 0 };
    }
    const { acc, seenCall, seenTerm } = scratch;
    const call = ++scratch.stamp;
    // `total` and `slack` let a caller pass only some terms: the others' weight still
    // counts in the total, and `slack` (their largest possible gain) in every bound.
    const total = options.total ?? (terms.reduce((sum, t) => sum + t.importance, 0) || 1);
    const slack = options.slack ?? 0;
    let touched = 0;
    for (const term of terms) {
      const termStamp = ++scratch.stamp;
      // Best form first, so the first form that reaches a sentence is its best one.
      const forms = term.forms.length > 1 ? [...term.forms].sort((a, b) => b.weight - a.weight) : term.forms;
      for (const form of forms) {
        const list = this.postings[form.ids[0]!];
        if (!list || !(form.weight > 0)) continue;
        const gain = term.importance * form.weight;
        for (let k = 0; k < list.length; k++) {
          const i = list[k]!;
          if (seenCall[i] !== call) {
            seenCall[i] = call;
            acc[i] = 0;
            touched++;
          }
          if (seenTerm[i] !== termStamp) {
            seenTerm[i] = termStamp;
            acc[i] = acc[i]! + gain;
          }
        }
      }
    }
    const threshold = cutoff * total - slack - 1e-9;
    let kept = 0;
    let maxExcluded = 0;
    for (let i = 0; i < n; i++) {
      if (seenCall[i] !== call) continue;
      if (acc[i]! >= threshold) kept++;
      else if (acc[i]! > maxExcluded) maxExcluded = acc[i]!;
    }
    const sentences = new Int32Array(kept);
    const bounds = new Float64Array(kept);
    for (let i = 0, k = 0; i < n && k < kept; i++) {
      if (seenCall[i] !== call || acc[i]! < threshold) continue;
      sentences[k] = i;
      bounds[k++] = Math.min(1, (acc[i]! + slack) / total);
    }
    return { sentences, bounds, candidates: touched, maxExcluded: Math.min(1, (maxExcluded + slack) / total) };
  }
}

function bm25(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Builds the stored sentence with one fixed property order, so every sentence shares a shape. */
function indexedSentence(s: Sentence, terms: number[], features: FeatureMap, firstMentions: number[]): IndexedSentence {
  return {
    id: s.id,
    docId: s.docId,
    kind: s.kind,
    paragraph: s.paragraph,
    sentence: s.sentence,
    text: s.text,
    start: s.start,
    end: s.end,
    terms,
    features,
    firstMentions,
  };
}

interface AffixTables {
  /** Surface words in vocabulary order, and each reversed. */
  words: string[];
  reversed: string[];
  /** Positions in `words`, sorted by the word, and by the reversed word. */
  forward: Int32Array;
  backward: Int32Array;
}

function reverse(w: string): string {
  let out = '';
  for (let i = w.length - 1; i >= 0; i--) out += w[i];
  return out;
}

function buildAffixTables(words: string[]): AffixTables {
  const reversed = words.map(reverse);
  const order = (keys: string[]) => Int32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return { words, reversed, forward: order(words), backward: order(reversed) };
}

/** Adds to `out` the positions of every key starting with `prefix` (keys sorted through `sorted`). */
function collectWithPrefix(sorted: Int32Array, keys: string[], prefix: string, out: number[]): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[sorted[mid]!]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < sorted.length && keys[sorted[k]!]!.startsWith(prefix); k++) out.push(sorted[k]!);
}
