import { stemmer } from 'stemmer';
import { irregularBase } from './irregular.ts';

/** One word of a text: its surface form, folded form and place in the text. */
export interface Token {
  /** As written. */
  raw: string;
  /** Lower-cased, diacritics removed, quotes straightened. */
  norm: string;
  start: number;
  end: number;
}

const COMBINING = /\p{M}+/gu;

/**
 * Folds text for matching: compatibility-normalised (full-width letters, ligatures),
 * accents and other combining marks removed (this also strips "zalgo"), curly quotes
 * and dashes straightened, lower-cased.
 */
export function fold(text: string): string {
  // Most words are plain ASCII letters and digits: nothing to normalise but the case.
  if (/^[A-Za-z0-9]*$/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .toLowerCase();
}

/**
 * Words and numbers of a text. Numbers keep their separators ("3,000", "3.5"); words keep
 * inner apostrophes and periods of initialisms ("it's", "u.s."); hyphenated words are
 * split into their parts, since people write "cyber-attack", "cyber attack" and "cyberattack".
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Fold per match so offsets refer to the original text.
  const word = /\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?|(?:\p{L}\.){2,}|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
  for (const m of text.matchAll(word)) {
    const norm = fold(m[0]).replace(/'s$/, '');
    if (!norm) continue;
    tokens.push({ raw: m[0], norm, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

const stemCache = new Map<string, string>();

/**
 * The search stem of a folded word: irregular forms mapped to their base, then the
 * Porter stemmer. Numbers drop their separators so "3,000" and "3000" meet.
 */
export function stem(norm: string): string {
  let cached = stemCache.get(norm);
  if (cached !== undefined) return cached;
  if (/^\d/.test(norm)) cached = norm.replace(/[,]/g, '');
  else if (norm.includes('.')) cached = norm.replace(/\./g, '');
  else cached = stemmer(irregularBase(norm) ?? norm);
  if (stemCache.size > 200_000) stemCache.clear();
  stemCache.set(norm, cached);
  return cached;
}

/** Edit distance with adjacent transpositions, capped: returns cap+1 once it is exceeded. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      best = Math.min(best, v);
    }
    if (best > cap) return cap + 1;
  }
  return rows[a.length]![b.length]!;
}

/**
 * `text` cut to at most `max` code points, at the last space when it is past 60 % of the
 * way (else mid-word), trimmed; never inside a surrogate pair. The one rule for clipping
 * questions, the engine's and the edges' (`src/question.ts`).
 */
export function clipAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trim();
}
