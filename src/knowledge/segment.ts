import type { Sentence, SentenceKind } from './types.ts';

/**
 * Abbreviations that end with a period but rarely end a sentence. Lower-cased, without
 * the period. Months and titles are here so "Sept. 8, 2022" and "Mr. Rama" stay whole.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'gov', 'sen', 'rep',
  'lt', 'col', 'capt', 'cpt', 'sgt', 'maj', 'adm', 'rev', 'hon', 'pres', 'supt', 'insp',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'inc', 'corp', 'ltd', 'co', 'bros', 'dept', 'univ', 'assn', 'est', 'approx',
  'vs', 'v', 'cf', 'al', 'fig', 'vol', 'pp', 'ch', 'sec', 'art', 'para', 'ave', 'blvd', 'rd',
]);
/** Abbreviations that only stay attached when a number follows ("No. 5", "p. 12"). */
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'p', 'op', 'tel', 'ext']);
/** Dotted abbreviations that never end a sentence on their own. */
const DOTTED_ABBREVIATIONS = new Set(['e.g', 'i.e', 'a.m', 'p.m', 'etc']);
/**
 * After an initialism such as "U.S." a capitalised word usually continues the sentence
 * ("U.S. President"), unless it is a word that typically starts one.
 */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you', 'this', 'that', 'these',
  'those', 'there', 'in', 'on', 'at', 'but', 'and', 'or', 'so', 'yet', 'if', 'when', 'while',
  'after', 'before', 'as', 'his', 'her', 'their', 'our', 'my', 'some', 'many', 'most', 'no',
  'one', 'two', 'however', 'meanwhile', 'since', 'for', 'by', 'with', 'from', 'what', 'who',
]);

const CLOSERS = `"'”’)]»`;
const OPENERS = `"'“‘([«`;

export interface Block {
  kind: SentenceKind;
  /** Offsets of the block's text (inside any caption markers) in the body. */
  start: number;
  end: number;
}

/** Splits a Markdown body into headline, caption and body paragraphs (blank-line separated). */
export function splitBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  const paragraph = /[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g;
  for (const m of body.matchAll(paragraph)) {
    let start = m.index;
    let end = start + m[0].length;
    // Trim surrounding whitespace without losing offsets.
    while (start < end && /\s/.test(body[start]!)) start++;
    while (end > start && /\s/.test(body[end - 1]!)) end--;
    if (start === end) continue;
    const text = body.slice(start, end);
    const heading = /^#{1,6}[ \t]+/.exec(text);
    if (heading) {
      blocks.push({ kind: 'headline', start: start + heading[0].length, end: end - trailingHashes(text) });
      continue;
    }
    const caption = /^([*_])(?![*_\s])[\s\S]*[^*_\s]\1$/.exec(text);
    if (caption) {
      blocks.push({ kind: 'caption', start: start + 1, end: end - 1 });
      continue;
    }
    blocks.push({ kind: 'body', start, end });
  }
  return blocks;
}

function trailingHashes(text: string): number {
  const m = /[ \t]+#+[ \t]*$/.exec(text);
  return m ? m[0].length : 0;
}

/** Sentence boundaries inside one block, as [start, end) offsets relative to the block text. */
export function splitSentences(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let sentenceStart = skipSpace(text, 0);
  const boundary = /[.!?…]+/g;
  for (const m of text.matchAll(boundary)) {
    let end = m.index + m[0].length;
    while (end < text.length && CLOSERS.includes(text[end]!)) end++;
    const next = skipSpace(text, end);
    if (next === end || next >= text.length) continue; // no space after: "3.5", "U.S.", or end of text
    if (!startsSentence(text, next)) continue;
    if (m[0] === '.' && end === m.index + 1 && isAbbreviation(text, m.index, next)) continue;
    if (isTrailingCredit(text, next)) continue;
    spans.push([sentenceStart, end]);
    sentenceStart = next;
  }
  let last = text.length;
  while (last > sentenceStart && /\s/.test(text[last - 1]!)) last--;
  if (last > sentenceStart) spans.push([sentenceStart, last]);
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function startsSentence(text: string, i: number): boolean {
  const ch = text[i]!;
  if (OPENERS.includes(ch)) return true;
  return /[\p{Lu}\p{N}]/u.test(ch);
}

/** True when the period at `dot` belongs to an abbreviation rather than ending a sentence. */
function isAbbreviation(text: string, dot: number, next: number): boolean {
  // Only the word before the period matters; a bounded look-back keeps long paragraphs linear.
  const before = text.slice(Math.max(0, dot - 100), dot);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (!word) return false;
  const lower = word.toLowerCase();
  const nextWord = /^[^\s]+/.exec(text.slice(next))?.[0] ?? '';
  if (DOTTED_ABBREVIATIONS.has(lower)) return true;
  if (ABBREVIATIONS.has(lower)) return true;
  if (NUMBER_ABBREVIATIONS.has(lower) && /^\d/.test(nextWord)) return true;
  // A single capital letter is an initial ("J. R. R. Tolkien").
  if (/^\p{Lu}$/u.test(word)) return true;
  // Initialisms like "U.S." continue unless the next word looks like a sentence opener.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) {
    const bare = nextWord.replace(/[^\p{L}]/gu, '').toLowerCase();
    return !SENTENCE_STARTERS.has(bare);
  }
  return false;
}

/** A short parenthetical that closes the block, like a photo credit, stays with its sentence. */
function isTrailingCredit(text: string, next: number): boolean {
  const rest = text.slice(next);
  return /^\([^()]{1,60}\)\s*$/.test(rest) && !/[.!?]\s/.test(rest);
}

/** Turns a document body into sentences with stable ids and offsets into the body. */
export function segment(docId: string, body: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  let leadSentence = 0;
  for (const block of splitBlocks(body)) {
    const text = body.slice(block.start, block.end);
    const isLead = block.kind !== 'body';
    if (!isLead) paragraph++;
    let n = 0;
    for (const [s, e] of splitSentences(text)) {
      const number = isLead ? ++leadSentence : ++n;
      const p = isLead ? 0 : paragraph;
      sentences.push({
        id: `${docId}:${p}.${number}`,
        docId,
        kind: block.kind,
        paragraph: p,
        sentence: number,
        text: text.slice(s, e).replace(/\s*\n\s*/g, ' '),
        start: block.start + s,
        end: block.start + e,
      });
    }
  }
  return sentences;
}
