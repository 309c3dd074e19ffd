import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Word vectors (GloVe, 100 dimensions) for telling how close in meaning two words are when
 * they share no stem and WordNet links them not at all ("revenue" and "sales", "stock" and
 * "shares", "refund" and "payment"). The table is built by `scripts/build-word-vectors.ts` (`npm run build:vectors`)
 * and kept in the project: one file read at start, no parsing beyond its word list.
 *
 * Layout (little-endian): "FDWV0001", word count, dimensions, the byte length of the
 * word list, the word list (UTF-8, one per line), padding to 4 bytes, one float32 scale
 * per word, then each word's unit vector as signed bytes (value × scale).
 */

const MAGIC = 'FDWV0001';
const TABLE = fileURLToPath(new URL('./data/word-vectors.bin', import.meta.url));

export function encodeWordVectors(words: string[], vectors: number[][], dimensions: number): Uint8Array {
  const list = Buffer.from(words.join('\n'), 'utf8');
  const head = 8 + 12;
  const listEnd = head + list.length;
  const scalesAt = Math.ceil(listEnd / 4) * 4;
  const dataAt = scalesAt + 4 * words.length;
  const out = Buffer.alloc(dataAt + words.length * dimensions);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(words.length, 8);
  out.writeUInt32LE(dimensions, 12);
  out.writeUInt32LE(list.length, 16);
  list.copy(out, head);
  words.forEach((_, k) => {
    const v = vectors[k]!;
    const norm = Math.hypot(...v) || 1;
    const max = Math.max(...v.map((x) => Math.abs(x / norm))) || 1;
    const scale = max / 127;
    out.writeFloatLE(scale, scalesAt + 4 * k);
    for (let j = 0; j < dimensions; j++) out.writeInt8(Math.round(v[j]! / norm / scale), dataAt + k * dimensions + j);
  });
  return out;
}

export class WordVectors {
  readonly dimensions: number;
  private readonly ids = new Map<string, number>();
  private readonly scales: Float32Array;
  private readonly data: Int8Array;

  constructor(bytes: Uint8Array) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 20 || buf.toString('latin1', 0, 8) !== MAGIC) throw new Error('word-vectors table: not a word-vectors file');
    const count = buf.readUInt32LE(8);
    this.dimensions = buf.readUInt32LE(12);
    const listLength = buf.readUInt32LE(16);
    const scalesAt = Math.ceil((20 + listLength) / 4) * 4;
    const dataAt = scalesAt + 4 * count;
    if (buf.length !== dataAt + count * this.dimensions) throw new Error('word-vectors table: truncated or corrupt');
    const words = buf.toString('utf8', 20, 20 + listLength).split('\n');
    if (words.length !== count) throw new Error('word-vectors table: word list does not match its count');
    words.forEach((w, k) => this.ids.set(w, k));
    // Copies, so the table does not keep the file's buffer alive twice over.
    this.scales = new Float32Array(count);
    for (let k = 0; k < count; k++) this.scales[k] = buf.readFloatLE(scalesAt + 4 * k);
    this.data = new Int8Array(buf.buffer.slice(buf.byteOffset + dataAt, buf.byteOffset + dataAt + count * this.dimensions));
  }

  static load(file = TABLE): WordVectors {
    return new WordVectors(readFileSync(file));
  }

  get size(): number {
    return this.ids.size;
  }

  /** The word's row, or -1 when the table does not hold it. Lower case words only. */
  id(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** Adds row `id`'s unit vector, times `weight`, to `into`. */
  addTo(into: Float32Array, id: number, weight: number): void {
    const d = this.dimensions;
    const s = this.scales[id]! * weight;
    for (let j = 0; j < d; j++) into[j]! += this.data[id * d + j]! * s;
  }

  /** Dot product of row `id`'s unit vector with `v` (its cosine with `v` when `v` has unit length). */
  dot(id: number, v: Float32Array): number {
    const d = this.dimensions;
    const x = id * d;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += this.data[x + j]! * v[j]!;
    return dot * this.scales[id]!;
  }

  /** Cosine similarity of two rows (both from `id`, neither -1), in [-1, 1]. */
  similarity(a: number, b: number): number {
    if (a === b) return 1;
    const d = this.dimensions;
    const x = a * d;
    const y = b * d;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += this.data[x + j]! * this.data[y + j]!;
    return dot * this.scales[a]! * this.scales[b]!;
  }
}

let shared: WordVectors | undefined;
/** The project's table, read once per process. */
export function sharedWordVectors(): WordVectors {
  return (shared ??= WordVectors.load());
}
