import type { ChoiceData } from '../render/limits.ts';
import type { KnowledgeBase } from '../knowledge/types.ts';
import type { KnowledgeSnapshot } from '../load/snapshot.ts';
import { LIMITS, clipText } from '../render/limits.ts';

/**
 * Autocomplete suggestions for `/ask`, cheaply. Discord sends one autocomplete per
 * keystroke and it cannot be deferred, so a member typing fast (or a script) must not cost
 * a full engine query each time. This is a small index of its own, built once per version
 * of the sources from their sentences and titles: the sorted vocabulary, and for each word
 * the first few sentences holding it. A call looks up the prefixes of the last words typed
 * and does a bounded amount of work whatever the input.
 */

/** Sentences remembered per word: enough to suggest from, small on a large base. */
const POSTINGS_PER_WORD = 40;
/** Words of what is typed that are looked at (the last ones: the member is typing there). */
const WORDS_LOOKED_AT = 6;
/** Vocabulary words a prefix may expand to. */
const EXPANSIONS_PER_WORD = 12;
const MIN_WORD = 2;

export interface SuggestionSource {
  /** Suggested when nothing is typed yet (article titles). */
  titles: readonly string[];
  /** What can be suggested (the sources' sentences), in the sources' order. */
  texts: readonly string[];
}

/** Lower case, accents and other marks off: "Tiranë" and "tirane" meet. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function wordsOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The same text as name and value, so picking a suggestion asks exactly what was shown. */
function choice(text: string): ChoiceData {
  const clipped = clipText(text.replace(/\s+/g, ' ').trim(), LIMITS.autocomplete.choiceName);
  return { name: clipped, value: clipped };
}

export class Suggester {
  /** Sorted, distinct folded words of the texts. */
  private readonly vocabulary: string[];
  /** For each vocabulary word (same order), the first sentences holding it. */
  private readonly postings: Int32Array[];
  private readonly titles: ChoiceData[];
  private readonly choices: ChoiceData[];

  constructor(source: SuggestionSource) {
    const byWord = new Map<string, number[]>();
    source.texts.forEach((text, i) => {
      for (const word of new Set(wordsOf(text))) {
        if (word.length < MIN_WORD) continue;
        let list = byWord.get(word);
        if (!list) byWord.set(word, (list = []));
        if (list.length < POSTINGS_PER_WORD) list.push(i);
      }
    });
    this.vocabulary = [...byWord.keys()].sort();
    this.postings = this.vocabulary.map((w) => Int32Array.from(byWord.get(w)!));
    this.choices = source.texts.map(choice);
    this.titles = source.titles.slice(0, LIMITS.autocomplete.choices).map(choice);
  }

  /**
   * Up to 25 suggestions for what is typed so far: the text itself (when it fits in a
   * choice), then the sentences holding the most of its last words (the word being typed
   * as a prefix). Nothing typed: the article titles.
   */
  suggest(typed: string): ChoiceData[] {
    const text = typed.replace(/\s+/g, ' ').trim();
    const max = LIMITS.autocomplete.choices;
    if (!text) return this.titles;
    const out: ChoiceData[] = [];
    if (text.length <= LIMITS.autocomplete.choiceValue) out.push({ name: text, value: text });
    const seen = new Set(out.map((c) => c.value));
    for (const i of this.best(text, max)) {
      const c = this.choices[i]!;
      if (seen.has(c.value)) continue;
      seen.add(c.value);
      out.push(c);
      if (out.length === max) break;
    }
    return out;
  }

  /** Sentence numbers by how many of the last typed words they hold, then in the sources' order. */
  private best(text: string, limit: number): number[] {
    // Only the tail is read: a 6,000-character paste costs what a short question does.
    const words = [...new Set(wordsOf(text.slice(-200)))].filter((w) => w.length >= MIN_WORD).slice(-WORDS_LOOKED_AT);
    const score = new Map<number, number>();
    for (const word of words) {
      const hit = new Set<number>();
      let k = lowerBound(this.vocabulary, word);
      for (let n = 0; n < EXPANSIONS_PER_WORD && k < this.vocabulary.length && this.vocabulary[k]!.startsWith(word); n++, k++) {
        // An exact word counts a little more than a longer word it begins.
        const weight = this.vocabulary[k] === word ? 1.1 : 1;
        for (const i of this.postings[k]!) {
          if (hit.has(i)) continue;
          hit.add(i);
          score.set(i, (score.get(i) ?? 0) + weight);
        }
      }
    }
    return [...score.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i]) => i);
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One suggester per knowledge base (per version of the sources), built on first use. */
const built = new WeakMap<KnowledgeBase, Suggester>();

export function suggesterFor(knowledge: Pick<KnowledgeSnapshot, 'kb'>): Suggester {
  const { kb } = knowledge;
  let suggester = built.get(kb);
  if (!suggester) {
    suggester = new Suggester({ titles: kb.documents.map((d) => d.meta.title), texts: kb.sentences.map((s) => s.text) });
    built.set(kb, suggester);
  }
  return suggester;
}
