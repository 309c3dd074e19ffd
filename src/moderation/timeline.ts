import * as chrono from 'chrono-node';
import type { KnowledgeBase, KnowledgeDocument } from '../knowledge/types.ts';

/**
 * The timeline: every dated mention in every sentence, resolved against its article's
 * publication date, sorted.
 *
 * chrono-node finds and parses the date words; the rules here decide what they mean in a
 * news article written on its `published` day:
 * - a bare weekday ("on Wednesday") is the most recent such day on or before publication;
 * - a month and day, or a month, without a year is the latest one not after publication;
 * - relative words ("last month", "two years ago", "yesterday") count from publication;
 * - a year ("since 2014", "in 2020 and 2018") is a year, with year precision;
 * - mentions that cannot be placed honestly are left out: times of day on their own,
 *   weeks ("last week"), durations ("for several days", "within 48 hours"), and
 *   year-less weekdays or dates in a future-tense clause or after "by"/"until"
 *   ("will remain closed on Friday", "by Sunday"), which the rules above would put in the past.
 * An article without a `published` date contributes only dates that carry their own year.
 */

export type DatePrecision = 'year' | 'month' | 'day';

export interface TimelineEvent {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the text allows. */
  date: string;
  precision: DatePrecision;
  sentenceId: string;
  docId: string;
  /** The sentence, verbatim. */
  text: string;
  /** The date words as they appear in the sentence ("on Wednesday", "July 15", "2014"). */
  matchedText: string;
  paragraph: number;
  sentence: number;
}

/** One dated mention inside a piece of text. */
export interface DateMention {
  date: string;
  precision: DatePrecision;
  matchedText: string;
  /** Offset of the date words in the text. */
  index: number;
}

/** All dated events of a knowledge base, sorted by date (coarser first within a period), then by reading order. */
export function buildTimeline(kb: Pick<KnowledgeBase, 'documents'>): TimelineEvent[] {
  const events: Array<TimelineEvent & { order: number }> = [];
  let order = 0;
  for (const doc of kb.documents) {
    for (const event of documentEvents(doc)) events.push({ ...event, order: order++ });
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  return events.map(({ order: _order, ...event }) => event);
}

function documentEvents(doc: KnowledgeDocument): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const sentence of doc.sentences) {
    const seen = new Set<string>();
    for (const mention of findDates(sentence.text, doc.meta.published)) {
      if (seen.has(mention.date)) continue;
      seen.add(mention.date);
      events.push({
        date: mention.date,
        precision: mention.precision,
        sentenceId: sentence.id,
        docId: doc.meta.id,
        text: sentence.text,
        matchedText: mention.matchedText,
        paragraph: sentence.paragraph,
        sentence: sentence.sentence,
      });
    }
  }
  return events;
}

interface Day {
  year: number;
  month: number;
  day: number;
}

/**
 * The dated mentions in one sentence, in text order. `published` is the article's
 * YYYY-MM-DD date; without it only mentions that state their own year are returned.
 */
export function findDates(text: string, published?: string): DateMention[] {
  const pub = published ? parseDay(published) : undefined;
  // Noon local time keeps the reference day the same whatever the time zone.
  const reference = pub ? new Date(pub.year, pub.month - 1, pub.day, 12) : new Date(2000, 0, 1, 12);
  const mentions: DateMention[] = [];
  const covered: Array<[number, number]> = [];
  for (const result of chrono.parse(text, reference)) {
    covered.push([result.index, result.index + result.text.length]);
    if (!plausible(result.text)) continue;
    const matchedText = result.text.replace(/[\s,.;:]+$/, '');
    const parts = result.end ? [result.start, result.end] : [result.start];
    for (const part of parts) {
      const resolved = pub ? resolveAgainst(part, pub, text, result.index, matchedText) : resolveAbsolute(part, matchedText);
      if (resolved) mentions.push({ ...resolved, matchedText, index: result.index });
    }
  }
  for (const year of bareYears(text)) {
    if (covered.some(([s, e]) => year.index < e && year.index + year.matchedText.length > s)) continue;
    mentions.push({ date: String(year.year), precision: 'year', matchedText: year.matchedText, index: year.index });
  }
  return mentions.sort((a, b) => a.index - b.index);
}

const MONTH_WORD = /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b/gi;
/** Weeks have no precision of their own here; durations are not dates. */
const WEEKS = /\b(weeks?|weekends?|fortnights?)\b/i;
const SHORT_UNITS = /\b(seconds?|minutes?|hours?|days?|nights?|mornings?|evenings?|afternoons?)\b/i;

function plausible(matched: string): boolean {
  // "march" and "may" in lower case are a verb and a modal, not months.
  for (const m of matched.matchAll(MONTH_WORD)) if (m[0] === m[0].toLowerCase()) return false;
  if (WEEKS.test(matched)) return false;
  if (SHORT_UNITS.test(matched) && !/\bago\b/i.test(matched) && !/\b(yesterday|today|tonight|tomorrow)\b/i.test(matched)) {
    // "Tuesday night" is still Tuesday; "for several days" / "after a few minutes" are not dates.
    if (!/\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b/i.test(matched)) return false;
  }
  return true;
}

type Part = chrono.ParsedComponents;

function resolveAbsolute(part: Part, matched: string): Omit<DateMention, 'matchedText' | 'index'> | undefined {
  // Without a publication date, only a year written out in the mention can be trusted.
  if (!part.isCertain('year') || !/\b\d{4}\b/.test(matched)) return undefined;
  return fromComponents(part, part.get('year')!);
}

function resolveAgainst(part: Part, pub: Day, text: string, index: number, matched: string): Omit<DateMention, 'matchedText' | 'index'> | undefined {
  const yearCertain = part.isCertain('year');
  const dayCertain = part.isCertain('day');
  const monthCertain = part.isCertain('month');
  const weekdayOnly = part.isCertain('weekday') && !dayCertain && !monthCertain;
  if (!dayCertain && !monthCertain && !yearCertain && !weekdayOnly) return undefined; // a time of day alone
  if (yearCertain) return fromComponents(part, part.get('year')!);

  // No year in the text: place the mention at or before publication, unless the clause looks ahead.
  if (!/\b(next|last|past|previous|this|coming)\b/i.test(matched) && looksAhead(text, index)) return undefined;
  if (weekdayOnly) {
    if (/\b(next|coming)\b/i.test(matched)) return fromComponents(part, part.get('year')!);
    if (/\b(last|past|previous|this)\b/i.test(matched)) return fromComponents(part, part.get('year')!);
    const weekday = part.get('weekday')!;
    const published = new Date(Date.UTC(pub.year, pub.month - 1, pub.day));
    const back = (published.getUTCDay() - weekday + 7) % 7;
    published.setUTCDate(published.getUTCDate() - back);
    return { date: isoDay(published.getUTCFullYear(), published.getUTCMonth() + 1, published.getUTCDate()), precision: 'day' };
  }
  const month = part.get('month')!;
  if (dayCertain) {
    const day = part.get('day')!;
    const year = month > pub.month || (month === pub.month && day > pub.day) ? pub.year - 1 : pub.year;
    return { date: isoDay(year, month, day), precision: 'day' };
  }
  const year = month > pub.month ? pub.year - 1 : pub.year;
  return { date: `${year}-${pad(month)}`, precision: 'month' };
}

function fromComponents(part: Part, year: number): Omit<DateMention, 'matchedText' | 'index'> {
  if (part.isCertain('day') || part.isCertain('weekday')) {
    return { date: isoDay(year, part.get('month')!, part.get('day')!), precision: 'day' };
  }
  if (part.isCertain('month')) return { date: `${year}-${pad(part.get('month')!)}`, precision: 'month' };
  return { date: String(year), precision: 'year' };
}

/** Future tense, or a deadline, in the clause leading up to the mention: "will remain closed on Friday", "by Sunday". */
const AHEAD =
  /\b(will|won't|shall|would|going to|(?:is|are|am|'s|'re)\s+(?:expected|scheduled|due|set|slated|planned|poised|likely)\s+to|plans?\s+to|planning\s+to|expects?\s+to|expected\s+to|intends?\s+to|aims?\s+to)\b|'ll\b/i;
const DEADLINE = /\b(by|until|till|before)\s+(?:the\s+)?$/i;

function looksAhead(text: string, index: number): boolean {
  const before = text.slice(0, index);
  if (DEADLINE.test(before)) return true;
  const clauseStart = Math.max(...[',', ';', ':', '—', '–', '('].map((c) => before.lastIndexOf(c)));
  return AHEAD.test(before.slice(clauseStart + 1));
}

/** Words after which a four-digit number is a year: "since 2014", "in 2020 and 2018", "from 2010 to 2012". */
const YEAR_LEAD = new Set([
  'in', 'since', 'by', 'from', 'until', 'till', 'through', 'throughout', 'during', 'before', 'after',
  'between', 'of', 'to', 'early', 'late', 'mid', 'around', 'circa', 'summer', 'spring', 'autumn', 'fall',
  'winter', 'year', 'as', 'back',
]);
/** Words that may follow a year ("in 2014 when …"); any other word makes it a count ("of 2000 people"). */
const YEAR_FOLLOW = new Set([
  'when', 'after', 'before', 'and', 'or', 'but', 'to', 'the', 'a', 'an', 'as', 'with', 'that', 'which', 'who',
  'where', 'while', 'until', 'for', 'in', 'on', 'at', 'by', 'from', 'of', 'over', 'amid', 'following', 'during',
  'because', 'since', 'he', 'she', 'it', 'they', 'we', 'its', 'his', 'her', 'their', 'is', 'was', 'were', 'are',
  'had', 'has', 'have', 'through', 'thru', 'alone', 'onward', 'onwards', 'elections', 'election', 'season',
]);

interface BareYear {
  year: number;
  matchedText: string;
  index: number;
}

function bareYears(text: string): BareYear[] {
  const years: BareYear[] = [];
  const pattern = /(?<![\d,.$€£¥/:])\b(1\d{3}|20\d{2})\b(?![\d,.]\d|%|s\b|'s\b|-\d|\/)/g;
  let previousEnd = -1;
  for (const m of text.matchAll(pattern)) {
    const index = m.index;
    const before = text.slice(0, index);
    const after = text.slice(index + m[0].length);
    const leadWord = /([\p{L}]+)[\s-]+(?:the\s+)?$/iu.exec(before)?.[1]?.toLowerCase();
    const withThe = /\bthe\s+$/i.test(before);
    // A list continues a year just found: "in 2015, 2017 and 2019".
    const continuesList = previousEnd >= 0 && /^(?:\s*,\s*|\s+(?:and|or|to|through)\s+|\s*[-–]\s*)$/i.test(text.slice(previousEnd, index));
    if (!continuesList && !(leadWord && YEAR_LEAD.has(leadWord))) continue;
    const next = /^\s+([\p{L}']+)/u.exec(after)?.[1];
    if (!withThe && next && /^\p{Ll}/u.test(next) && !YEAR_FOLLOW.has(next.toLowerCase())) continue;
    years.push({ year: Number(m[0]), matchedText: m[0], index });
    previousEnd = index + m[0].length;
  }
  return years;
}

function parseDay(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`published date must be YYYY-MM-DD, got "${iso}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function isoDay(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
