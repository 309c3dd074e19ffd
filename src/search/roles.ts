import { stem, tokenize } from './language/text.ts';

/**
 * Titles written before a name: "Prime Minister Edi Rama", "Governor Ruth Ambler",
 * "Judge Marcus Lee". General English titles, not tied to any article.
 */
const TITLES = [
  'prime minister',
  'foreign minister',
  'defense minister',
  'defence minister',
  'interior minister',
  'finance minister',
  'minister',
  'president',
  'vice president',
  'premier',
  'chancellor',
  'king',
  'queen',
  'prince',
  'princess',
  'governor',
  'mayor',
  'senator',
  'congressman',
  'congresswoman',
  'representative',
  'secretary',
  'general',
  'admiral',
  'colonel',
  'captain',
  'commissioner',
  'judge',
  'justice',
  'prosecutor',
  'attorney general',
  'ambassador',
  'envoy',
  'spokesman',
  'spokeswoman',
  'chairman',
  'chairwoman',
  'chief',
  'director',
  'coach',
  'pope',
  'bishop',
  'archbishop',
  'sheriff',
  'inspector',
  'detective',
  'professor',
  'dr',
  'ceo',
  'leader',
  'speaker',
];
const TITLE_STEMS = TITLES.map((t) => t.split(' ').map((w) => stem(w)));
/** Titles by their first stem, longest first. */
const BY_FIRST = new Map<string, string[][]>();
for (const t of [...TITLE_STEMS].sort((a, b) => b.length - a.length)) {
  const list = BY_FIRST.get(t[0]!);
  if (list) list.push(t);
  else BY_FIRST.set(t[0]!, [t]);
}
/** A title followed by a capitalised word, somewhere in a text: only such texts are read word by word. */
const lastWords = [...new Set(TITLES.map((t) => t.split(' ').at(-1)!))];
const anyCase = (w: string) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`;
const TITLE_THEN_NAME = new RegExp(`\\b(?:${lastWords.map(anyCase).join('|')})\\.?\\s+\\p{Lu}`, 'u');

/**
 * Which names the sources give which titles ("governor" → "ambler", "prime minister" →
 * "rama"), so a question about "the governor" finds the sentences that only say "Ambler",
 * as the article does once it has introduced her. Built from the sentences: a title
 * followed by one to four capitalised words names the person by the last of them.
 */
export class RoleIndex {
  private readonly names = new Map<string, Set<string>>();

  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      // Most sentences name nobody by title: a regular expression rules them out cheaply.
      if (!TITLE_THEN_NAME.test(text)) continue;
      const tokens = tokenize(text);
      const stems = tokens.map((t) => stem(t.norm));
      for (let i = 0; i < tokens.length; i++) {
        const title = BY_FIRST.get(stems[i]!)?.find((t) => t.every((s, k) => stems[i + k] === s));
        if (!title) continue;
        let end = i + title.length;
        // The title itself capitalised or not ("Governor Ruth Ambler", "the governor, Ruth Ambler" is left out).
        let last = -1;
        while (end < tokens.length && end - (i + title.length) < 4 && /^\p{Lu}/u.test(tokens[end]!.raw) && tokens[end]!.start - tokens[end - 1]!.end <= 1) {
          last = end;
          end++;
        }
        if (last < 0) continue;
        const key = title.join(' ');
        let set = this.names.get(key);
        if (!set) this.names.set(key, (set = new Set()));
        set.add(stems[last]!);
        i = last;
      }
    }
  }

  /** The surname stems the sources give a title (its stems joined by spaces), if any. */
  namesFor(titleStems: string): ReadonlySet<string> | undefined {
    return this.names.get(titleStems);
  }
}
