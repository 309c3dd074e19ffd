import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import type { KnowledgeBase, Sentence, SentenceKind, SourceMeta } from '../knowledge/types.ts';
import { definitionPositions, detectFeatures, type Feature } from './features.ts';
import { stem, tokenize } from './language/text.ts';

/**
 * What the index knows of each sentence beyond the knowledge base's own record, kept by
 * column rather than as an object per sentence: a large index then costs a few typed
 * arrays (about 6 bytes per word) instead of hundreds of thousands of small objects, and
 * saves and loads as raw bytes. Sentence `i`'s tokens are `tokenIds[tokenStart[i] ..
 * tokenStart[i + 1]]`, its features `featureCode/featurePos[featureStart[i] ..
 * featureStart[i + 1]]`.
 */
export interface SentenceColumns {
  /** n + 1 offsets into `tokenIds` and `firstMention`. */
  tokenStart: Int32Array;
  /** Term id of each token, in reading order (a token's position is its offset from the sentence's start). */
  tokenIds: Int32Array;
  /** 1 where the token's term appears for the first time in its document. */
  firstMention: Uint8Array;
  /** One bit per entry of `FEATURES`: whether the sentence has that feature at all. */
  featureMask: Uint8Array;
  /** n + 1 offsets into `featureCode` and `featurePos`. */
  featureStart: Int32Array;
  /** Index into `FEATURES`. */
  featureCode: Uint8Array;
  /** Token position (within the sentence) that carries the feature. */
  featurePos: Int32Array;
}

/** The features a sentence can have, in the order of their codes and mask bits. */
export const FEATURES: readonly Feature[] = ['date', 'duration', 'number', 'person', 'place', 'reason', 'statement', 'definition'];
export const FEATURE_BIT = Object.fromEntries(FEATURES.map((f, k) => [f, 1 << k])) as Record<Feature, number>;
const FEATURE_CODE = new Map(FEATURES.map((f, k) => [f, k]));

/** Bump when the saved layout changes; older files are refused, never guessed at. */
export const INDEX_FORMAT = 3;

/** What `coverageBounds` needs of a question term (the compiled terms of `score.ts` fit). */
export interface WeightedTerm {
  importance: number;
  forms: ReadonlyArray<{ ids: readonly number[]; weight: number }>;
}

/**
 * Sentences that may cover a question's terms enough, and how high their coverage can be.
 * The arrays are views into scratch space the index reuses: valid until its next call.
 */
export interface CoverageBounds {
  /** Sentence indexes, ascending, whose upper-bound coverage reaches the cutoff (all candidates with cutoff 0). */
  sentences: Int32Array;
  /** Upper bound of each one's coverage (0–1), aligned with `sentences`. */
  bounds: Float64Array;
  /** The weighted gains behind each bound, before slack and the division by the total. */
  gains: Float64Array;
  /** How many of the given terms each one holds a form of (at most 255), aligned with `sentences`. */
  termCounts: Uint8Array;
  /** Whether sentence `i` holds a form of any of the terms (valid until the next call). */
  touched: (i: number) => boolean;
}

const KIND_CODES: SentenceKind[] = ['body', 'headline', 'caption'];

/**
 * A digest of what an index is built from: the sources' metadata and each sentence's
 * id, document and text. A saved index is only used for the knowledge base it digests.
 */
export function knowledgeDigest(sources: readonly SourceMeta[], sentences: readonly Sentence[]): string {
  const hash = createHash('sha256');
  for (const meta of sources) hash.update(JSON.stringify(meta)).update('\0');
  for (const s of sentences) hash.update(s.id).update('\0').update(s.docId).update('\0').update(s.text).update('\0');
  return hash.digest('hex');
}

/**
 * An inverted index over stems: which sentences hold each term, and how rare it is.
 * Built once per knowledge base; saved and loaded as bytes (`toBinary`, `fromBinary`).
 *
 * Postings are views into one shared Int32Array (ascending sentence indexes, no repeats),
 * and everything known per sentence is a typed column (see `SentenceColumns`), so scans
 * over many sentences touch compact memory instead of objects. The sentences themselves
 * are the knowledge base's own objects, not copies.
 */
export class SentenceIndex {
  readonly termIds = new Map<string, number>();
  /** Sentence indexes holding each term, ascending, without repeats. */
  readonly postings: Int32Array[];
  readonly surfaceToTerm: Map<string, number>;
  readonly sources = new Map<string, SourceMeta>();
  /** Per sentence: its document's position in `sources`, its paragraph and its kind (index into body, headline, caption). */
  readonly docOf: Int32Array;
  readonly paragraphOf: Int32Array;
  readonly kindOf: Uint8Array;
  readonly tokenStart: Int32Array;
  readonly tokenIds: Int32Array;
  readonly firstMention: Uint8Array;
  readonly featureMask: Uint8Array;
  readonly featureStart: Int32Array;
  readonly featureCode: Uint8Array;
  readonly featurePos: Int32Array;
  private readonly byId = new Map<string, number>();
  private readonly bm25Idf: Float64Array;
  /** Vocabulary sorted forwards and backwards, for `surfacesWithAffix`; built on first use. */
  private affixes?: AffixTables;
  /** Scratch space for `coverageBounds`, reused across calls (the engine is single-threaded). */
  private scratch?: {
    acc: Float64Array;
    count: Uint8Array;
    seenCall: Int32Array;
    seenTerm: Int32Array;
    touchedList: Int32Array;
    bits: Int32Array;
    out: { sentences: Int32Array; bounds: Float64Array; gains: Float64Array; termCounts: Uint8Array };
    stamp: number;
  };

  private constructor(
    readonly terms: string[],
    readonly sentences: readonly Sentence[],
    surfaces: Map<string, number>,
    sources: SourceMeta[],
    columns: SentenceColumns,
  ) {
    this.surfaceToTerm = surfaces;
    terms.forEach((t, i) => this.termIds.set(t, i));
    sources.forEach((s) => this.sources.set(s.id, s));
    ({
      tokenStart: this.tokenStart,
      tokenIds: this.tokenIds,
      firstMention: this.firstMention,
      featureMask: this.featureMask,
      featureStart: this.featureStart,
      featureCode: this.featureCode,
      featurePos: this.featurePos,
    } = columns);
    const docIndex = new Map(sources.map((s, i) => [s.id, i]));
    const n = sentences.length;
    this.docOf = new Int32Array(n);
    this.paragraphOf = new Int32Array(n);
    this.kindOf = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const s = sentences[i]!;
      this.byId.set(s.id, i);
      this.docOf[i] = docIndex.get(s.docId) ?? -1;
      this.paragraphOf[i] = s.paragraph;
      this.kindOf[i] = Math.max(0, KIND_CODES.indexOf(s.kind));
    }
    // Two passes: count each term's sentences, then fill one shared buffer.
    const { tokenStart, tokenIds } = columns;
    const df = new Int32Array(terms.length);
    const lastSeen = new Int32Array(terms.length).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = tokenStart[i]!; k < tokenStart[i + 1]!; k++) {
        const id = tokenIds[k]!;
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
      for (let k = tokenStart[i]!; k < tokenStart[i + 1]!; k++) {
        const id = tokenIds[k]!;
        if (lastSeen[id] === i) continue;
        lastSeen[id] = i;
        data[fill[id]!++] = i;
      }
    }
    this.postings = new Array<Int32Array>(terms.length);
    this.bm25Idf = new Float64Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      this.postings[t] = data.subarray(offsets[t], offsets[t + 1]);
      this.bm25Idf[t] = bm25(n, df[t]!);
    }
  }

  static build(kb: KnowledgeBase, onProgress?: (done: number, total: number) => void): SentenceIndex {
    const terms: string[] = [];
    const termIds = new Map<string, number>();
    /** Folded word → term id: one lookup per token instead of stemming it again. */
    const surfaces = new Map<string, number>();
    const total = kb.sentences.length;
    const tokenStart = new Int32Array(total + 1);
    const featureStart = new Int32Array(total + 1);
    const featureMask = new Uint8Array(total);
    const tokenIds = new GrowingArray(Int32Array, total * 24);
    const firstMention = new GrowingArray(Uint8Array, total * 24);
    const featureCode = new GrowingArray(Uint8Array, total * 4);
    const featurePos = new GrowingArray(Int32Array, total * 4);
    const seenInDoc = new Map<string, Set<number>>();
    const step = Math.max(1, Math.min(2000, Math.ceil(total / 100)));
    let seen: Set<number> | undefined;
    let seenDoc: string | undefined;
    for (let n = 0; n < total; n++) {
      const sentence = kb.sentences[n]!;
      const tokens = tokenize(sentence.text);
      if (sentence.docId !== seenDoc) {
        seenDoc = sentence.docId;
        seen = seenInDoc.get(seenDoc);
        if (!seen) seenInDoc.set(seenDoc, (seen = new Set()));
      }
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
        tokenIds.push(id);
        firstMention.push(seen!.has(id) ? 0 : 1);
        seen!.add(id);
      }
      tokenStart[n + 1] = tokenIds.length;
      const features = detectFeatures(tokens);
      const definitions = definitionPositions(sentence.text, tokens);
      if (definitions.length) features.definition = definitions;
      let mask = 0;
      for (const [name, positions] of Object.entries(features) as Array<[Feature, number[]]>) {
        const code = FEATURE_CODE.get(name)!;
        for (const p of positions) {
          featureCode.push(code);
          featurePos.push(p);
        }
        if (positions.length) mask |= 1 << code;
      }
      featureMask[n] = mask;
      featureStart[n + 1] = featureCode.length;
      if (onProgress && ((n + 1) % step === 0 || n === total - 1)) onProgress(n + 1, total);
    }
    return new SentenceIndex(
      terms,
      kb.sentences,
      surfaces,
      kb.documents.map((d) => d.meta),
      {
        tokenStart,
        tokenIds: tokenIds.done(),
        firstMention: firstMention.done(),
        featureMask,
        featureStart,
        featureCode: featureCode.done(),
        featurePos: featurePos.done(),
      },
    );
  }

  /**
   * The index as bytes: a length-prefixed JSON part (format, digest of the knowledge it
   * was built from, terms, surface words, column sizes), then each column's raw bytes.
   * Sentences and sources are not saved: they come from the knowledge base on load.
   */
  toBinary(): Buffer {
    const columns = this.columnList();
    const meta: BinaryMeta = {
      format: INDEX_FORMAT,
      endian: endianness(),
      digest: knowledgeDigest([...this.sources.values()], this.sentences),
      sentences: this.sentences.length,
      terms: this.terms,
      surfaces: [...this.surfaceToTerm.keys()],
      columns: columns.map(([name, array]) => [name, array.length]),
    };
    const json = Buffer.from(JSON.stringify(meta), 'utf8');
    const parts: Uint8Array[] = [uint32(json.length), json];
    let size = 4 + json.length;
    for (const [, array] of columns) {
      const pad = (4 - (size % 4)) % 4;
      if (pad) parts.push(new Uint8Array(pad));
      parts.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      size += pad + array.byteLength;
    }
    return Buffer.concat(parts);
  }

  /**
   * Rebuilds the index of `kb` from `toBinary` output. Everything is checked as it is read
   * (format, byte order, the knowledge digest, column sizes, offsets, id ranges), so a
   * damaged file or another knowledge base's index fails loudly instead of answering wrongly.
   */
  static fromBinary(bytes: Uint8Array, kb: KnowledgeBase): SentenceIndex {
    if (bytes.length < 4) throw new Error('index is truncated');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const jsonLength = view.getUint32(0, true);
    if (4 + jsonLength > bytes.length) throw new Error('index is truncated');
    let meta: BinaryMeta;
    try {
      meta = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, jsonLength).toString('utf8')) as BinaryMeta;
    } catch {
      throw new Error('index header is not JSON');
    }
    if (!meta || typeof meta !== 'object') throw new Error('index header is not an object');
    if (meta.format !== INDEX_FORMAT) throw new Error(`index format ${String(meta.format)} is not ${INDEX_FORMAT}`);
    if (meta.endian !== endianness()) throw new Error(`index was saved on a ${String(meta.endian)} machine`);
    const n = kb.sentences.length;
    if (meta.sentences !== n) throw new Error(`index has ${String(meta.sentences)} sentences, the knowledge ${n}`);
    if (
      meta.digest !==
      knowledgeDigest(
        kb.documents.map((d) => d.meta),
        kb.sentences,
      )
    )
      throw new Error('index was built from other knowledge');
    const { terms, surfaces } = meta;
    if (!Array.isArray(terms) || !Array.isArray(surfaces) || !Array.isArray(meta.columns)) throw new Error('index is missing its terms, surfaces or columns');

    const sizes = new Map(meta.columns);
    let offset = 4 + jsonLength;
    const read = <T extends TypedArray>(name: ColumnName, Type: TypedArrayType<T>, expected?: number): T => {
      const count = sizes.get(name);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new Error(`index column ${name} is missing`);
      if (expected !== undefined && count !== expected) throw new Error(`index column ${name} has ${count} entries, not ${expected}`);
      offset += (4 - (offset % 4)) % 4;
      const byteLength = count * Type.BYTES_PER_ELEMENT;
      if (offset + byteLength > bytes.length) throw new Error(`index column ${name} is truncated`);
      const out = new Type(count);
      // A copy: the file's bytes need not be aligned for a view, and are freed after loading.
      new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + byteLength));
      offset += byteLength;
      return out;
    };
    const surfaceTerms = read('surfaceTerms', Int32Array, surfaces.length);
    const tokenStart = read('tokenStart', Int32Array, n + 1);
    const tokenIds = read('tokenIds', Int32Array);
    const firstMention = read('firstMention', Uint8Array, tokenIds.length);
    const featureMask = read('featureMask', Uint8Array, n);
    const featureStart = read('featureStart', Int32Array, n + 1);
    const featureCode = read('featureCode', Uint8Array);
    const featurePos = read('featurePos', Int32Array, featureCode.length);
    if (offset !== bytes.length) throw new Error('index has bytes after its last column');

    checkOffsets(tokenStart, tokenIds.length, 'tokenStart');
    checkOffsets(featureStart, featureCode.length, 'featureStart');
    for (let k = 0; k < tokenIds.length; k++) {
      const id = tokenIds[k]!;
      if (!(id >= 0 && id < terms.length)) throw new Error(`index refers to term ${id}, beyond its ${terms.length} terms`);
    }
    for (let i = 0; i < n; i++) {
      const length = tokenStart[i + 1]! - tokenStart[i]!;
      for (let f = featureStart[i]!; f < featureStart[i + 1]!; f++) {
        if (featureCode[f]! >= FEATURES.length || !(featurePos[f]! >= 0 && featurePos[f]! < length)) throw new Error(`sentence ${kb.sentences[i]!.id} has a damaged feature`);
      }
    }
    const surfaceMap = new Map<string, number>();
    for (let k = 0; k < surfaces.length; k++) {
      const id = surfaceTerms[k]!;
      if (!(id >= 0 && id < terms.length)) throw new Error(`surface ${surfaces[k]} refers to a missing term`);
      surfaceMap.set(surfaces[k]!, id);
    }
    return new SentenceIndex(
      terms,
      kb.sentences,
      surfaceMap,
      kb.documents.map((d) => d.meta),
      {
        tokenStart,
        tokenIds,
        firstMention,
        featureMask,
        featureStart,
        featureCode,
        featurePos,
      },
    );
  }

  private columnList(): Array<[ColumnName, TypedArray]> {
    return [
      ['surfaceTerms', Int32Array.from(this.surfaceToTerm.values())],
      ['tokenStart', this.tokenStart],
      ['tokenIds', this.tokenIds],
      ['firstMention', this.firstMention],
      ['featureMask', this.featureMask],
      ['featureStart', this.featureStart],
      ['featureCode', this.featureCode],
      ['featurePos', this.featurePos],
    ];
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

  /**
   * The shortest postings list among a form's words: a sentence holding the whole form
   * holds each of them, so the rarest one finds every such sentence with the fewest others.
   */
  private rarestPostings(ids: readonly number[]): Int32Array | undefined {
    return this.postings[this.rarestTerm(ids)];
  }

  /** The form's word (term id) found in the fewest sentences. */
  rarestTerm(ids: readonly number[]): number {
    let best = ids[0]!;
    for (let k = 1; k < ids.length; k++) if (this.df(ids[k]!) < this.df(best)) best = ids[k]!;
    return best;
  }

  /** True when sentences `i` and `j` exist and share a document and a paragraph. */
  sameParagraph(i: number, j: number): boolean {
    const n = this.sentences.length;
    return i >= 0 && j >= 0 && i < n && j < n && this.docOf[i] === this.docOf[j] && this.paragraphOf[i] === this.paragraphOf[j];
  }

  /**
   * Upper bounds of how much of a question each sentence can cover, from the postings
   * alone: for every term, the weight of its best form whose rarest word the sentence
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
      scratch = this.scratch = {
        acc: new Float64Array(n),
        count: new Uint8Array(n),
        seenCall: new Int32Array(n),
        seenTerm: new Int32Array(n),
        touchedList: new Int32Array(n),
        bits: new Int32Array((n >>> 5) + 1),
        out: { sentences: new Int32Array(n), bounds: new Float64Array(n), gains: new Float64Array(n), termCounts: new Uint8Array(n) },
        stamp: 0,
      };
    }
    const { acc, count, seenCall, seenTerm, touchedList } = scratch;
    const call = ++scratch.stamp;
    // `total` and `slack` let a caller pass only some terms: the others' weight still
    // counts in the total, and `slack` (their largest possible gain) in every bound.
    const total = options.total ?? (terms.reduce((sum, t) => sum + t.importance, 0) || 1);
    const slack = options.slack ?? 0;
    let touched = 0;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      const termStamp = ++scratch.stamp;
      // Best form first, so the first form that reaches a sentence is its best one.
      const forms = term.forms.length > 1 ? [...term.forms].sort((a, b) => b.weight - a.weight) : term.forms;
      for (let f = 0; f < forms.length; f++) {
        const form = forms[f]!;
        const list = this.rarestPostings(form.ids);
        if (!list || !(form.weight > 0)) continue;
        const gain = term.importance * form.weight;
        for (let k = 0; k < list.length; k++) {
          const i = list[k]!;
          if (seenTerm[i] === termStamp) continue;
          seenTerm[i] = termStamp;
          if (seenCall[i] !== call) {
            seenCall[i] = call;
            acc[i] = gain;
            count[i] = 1;
            touchedList[touched++] = i;
          } else {
            acc[i] = acc[i]! + gain;
            if (count[i]! < 255) count[i]!++;
          }
        }
      }
    }
    // Only the sentences touched are looked at again (not the whole index); a bit set puts
    // the kept ones back in order without sorting.
    const threshold = cutoff * total - slack - 1e-9;
    const { bits, out } = scratch;
    let kept = 0;
    for (let k = 0; k < touched; k++) {
      const i = touchedList[k]!;
      if (acc[i]! >= threshold) {
        bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
        kept++;
      }
    }
    const sentences = out.sentences.subarray(0, kept);
    const bounds = out.bounds.subarray(0, kept);
    const gains = out.gains.subarray(0, kept);
    const termCounts = out.termCounts.subarray(0, kept);
    for (let w = 0, k = 0; k < kept; w++) {
      let word = bits[w]!;
      if (word === 0) continue;
      bits[w] = 0;
      while (word !== 0) {
        const low = word & -word;
        const i = (w << 5) + 31 - Math.clz32(low);
        word ^= low;
        sentences[k] = i;
        termCounts[k] = count[i]!;
        gains[k] = acc[i]!;
        bounds[k++] = Math.min(1, (acc[i]! + slack) / total);
      }
    }
    return {
      sentences,
      bounds,
      gains,
      termCounts,
      touched: (i: number) => seenCall[i] === call,
    };
  }
}

function bm25(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

type ColumnName = 'surfaceTerms' | 'tokenStart' | 'tokenIds' | 'firstMention' | 'featureMask' | 'featureStart' | 'featureCode' | 'featurePos';
type TypedArray = Int32Array | Uint8Array;
type TypedArrayType<T extends TypedArray> = { new (length: number): T; readonly BYTES_PER_ELEMENT: number };

interface BinaryMeta {
  format: number;
  endian: string;
  digest: string;
  sentences: number;
  terms: string[];
  surfaces: string[];
  columns: Array<[ColumnName, number]>;
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** Offsets must start at 0, never decrease and end at the column's length. */
function checkOffsets(offsets: Int32Array, length: number, name: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== length) throw new Error(`index column ${name} does not span its data`);
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) throw new Error(`index column ${name} goes backwards`);
}

/** A typed array that grows as it is filled (doubling), trimmed to size when done. */
class GrowingArray<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly Type: TypedArrayType<T>,
    capacity: number,
  ) {
    this.data = new Type(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.Type(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  done(): T {
    return this.data.slice(0, this.length) as T;
  }
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
