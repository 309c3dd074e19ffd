import type { KnowledgeBase } from '../src/knowledge/types.ts';
import { seededRandom } from './stats.ts';

/**
 * The benchmark's question mix for a corpus: 240 questions, 40 of each kind, so p99 is
 * not just the slowest of a handful. Written questions come first; the rest are made
 * from words of sentences drawn with a fixed seed, so the set is the same every run on
 * the same corpus and never picked by looking at results.
 */

export type QuestionKind = 'written' | 'member' | 'typo' | 'web' | 'prefix' | 'off-topic';
export const QUESTION_KINDS: readonly QuestionKind[] = ['written', 'member', 'typo', 'web', 'prefix', 'off-topic'];
export const PER_KIND = 40;

export interface BenchQuestion {
  kind: QuestionKind;
  text: string;
}

/** Nothing in the corpora answers these; the right answer is to abstain. */
export const OFF_TOPIC: readonly string[] = [
  'What is the capital of France?',
  'Who won the 2018 World Cup?',
  'How do I bake sourdough bread?',
  'best pizza near me',
  'What is the recipe for chocolate cake?',
  'lol',
  'hi',
  'thanks bot!',
  'is this thing on?',
  'good morning everyone',
  'what time is it in tokyo',
  'can you play some music',
  'who is the best youtuber',
  'how do i reset my router',
  'what is 2+2',
  'recommend me an anime',
  'whats the wifi password',
  'how tall is the eiffel tower in feet',
  'when does the new iphone come out',
  'is it going to rain this weekend',
  'how to center a div',
  'bitcoin price today',
  'who will win the super bowl',
  'can u help with my homework',
  'whats ur favorite color',
  'tell me a joke',
  'how many calories in a banana',
  'where can I buy cheap flights',
  'what does lmao mean',
  'ping',
  'set a timer for 10 minutes',
  'translate hello into klingon',
  'who made you',
  'how do I get discord nitro',
  'what is the meaning of life',
  'rate my setup',
  'any good netflix shows',
  'why is my cat so weird',
  'best gaming mouse 2024',
  'how to make slime',
];

const LEAD_INS = ['hey bot, ', 'quick q: ', 'anyone know ', 'ok so ', 'yo ', 'sorry if dumb question but ', '@factdesk ', 'wait, ', 'hmm ', ''];
const TEMPLATES = [
  (a: string, b: string) => `what does it say about ${a} and ${b}?`,
  (a: string) => `what's the deal with ${a}?`,
  (a: string, b: string) => `did they mention ${a} ${b}?`,
  (a: string, b: string) => `tell me about ${a} ${b} pls`,
  (a: string, b: string) => `what happened with the ${a} ${b}`,
  (a: string) => `why ${a}??`,
  (a: string, b: string) => `is there anything on ${a} or ${b}`,
  (a: string, b: string) => `how is ${a} related to ${b}?`,
];

const STOP = new Set(
  'the a an and or of to in on for with by at from as is are was were be been being this that these those it its which who whom what when where why how not no nor but if then than so such can could would should will shall may might must have has had do does did our their there here they them we you your his her he she also any all each other some more most very only into upon over under about after before between out up down one two'.split(
    ' ',
  ),
);

/** The words of a sentence worth asking about: letters only, four or more, not function words. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !STOP.has(w));
}

/** A typo as people make them: a swapped, dropped or doubled letter inside the word. */
export function typo(word: string, r: number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(r * (word.length - 2));
  const kind = Math.floor(r * 997) % 3;
  if (kind === 0) return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i]! + word.slice(i);
}

/**
 * 240 questions for `kb`: `written` are the corpus's own written questions (cycled to
 * 40 if fewer), member phrasing, typos, web-search keywords, typing prefixes, off-topic.
 */
export function questionMix(kb: KnowledgeBase, written: readonly string[], seed = 20240611): BenchQuestion[] {
  const rand = seededRandom(seed);
  const body = kb.sentences.filter((s) => s.kind === 'body');
  const pool = body.length ? body : kb.sentences;
  // Two or three content words of a sentence drawn at random; redrawn if it has too few.
  const words = (n: number): string[] => {
    for (let tries = 0; tries < 50; tries++) {
      const w = [...new Set(contentWords(pool[Math.floor(rand() * pool.length)]!.text))];
      if (w.length >= n) {
        const start = Math.floor(rand() * (w.length - n + 1));
        return w.slice(start, start + n);
      }
    }
    return ['news', 'report', 'today'].slice(0, n);
  };
  const member = () => {
    const [a, b] = words(2) as [string, string];
    return LEAD_INS[Math.floor(rand() * LEAD_INS.length)]! + TEMPLATES[Math.floor(rand() * TEMPLATES.length)]!(a, b);
  };
  const out: BenchQuestion[] = [];
  const push = (kind: QuestionKind, make: (k: number) => string) => {
    for (let k = 0; k < PER_KIND; k++) out.push({ kind, text: make(k) });
  };
  push('written', (k) => written[k % Math.max(1, written.length)] ?? 'What happened?');
  push('member', member);
  push('typo', () => member().replace(/[a-z]{5,}/g, (w) => (rand() < 0.6 ? typo(w, rand()) : w)));
  push('web', () => words(2 + Math.floor(rand() * 2)).join(' '));
  push('prefix', () => {
    const q = member();
    return q.slice(0, Math.max(3, Math.ceil(q.length * (0.3 + rand() * 0.5))));
  });
  push('off-topic', (k) => OFF_TOPIC[k % OFF_TOPIC.length]!);
  return out;
}
