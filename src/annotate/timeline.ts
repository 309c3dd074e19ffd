import * as chrono from 'chrono-node';
import type { KnowledgeBase, KnowledgeDocument } from '../knowledge/types.ts';

/**
 * The timeline: every dated mention in every sentence, resolved against its article's
 * publication date, sorted.
 *
 * chrono-node finds and parses the date words; the rules here decide what they mean in a
 * news article written on its `published` day:
 * - a weekday, a month and day, or a month without a year is read in the direction of the
 *   verb nearest to it in its clause (see `directionOf`): an event reported as past
 *   ("talks were held on Monday", "Albania cut ties on Wednesday") is the most recent such
 *   day on or before publication; a scheduled or expected one ("the vote is set for
 *   March 20", "the report is due on Friday", "ministers are to meet on Monday", "he said
 *   talks would resume on Monday", "next week") the first one after it; with no tense to go
 *   by, news reports the past, so backward;
 * - a date that cannot be resolved with confidence is kept as written (`asWritten`), not
 *   guessed: a forward weekday that is the publication's own weekday (today, or a week on?),
 *   a plan told in the past ("was due on Friday": it may still be ahead), or a forward
 *   month and day over nine months ahead;
 * - relative words ("last month", "two years ago", "yesterday", "next Tuesday") count from publication;
 * - a year ("since 2014", "in 2020 and 2018") is a year, with year precision;
 * - mentions that are not dates are left out: times of day on their own, weeks
 *   ("last week"), durations ("for several days", "within 48 hours").
 * An article without a `published` date contributes only dates that carry their own year.
 */

export type DatePrecision = 'year' | 'month' | 'day';

export interface TimelineEvent {
  /**
   * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the text allows. For a mention kept
   * `asWritten`, the article's publication date: only where it sorts, not what it means.
   */
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
  /** The date could not be resolved with confidence: show `matchedText` as written, not `date`. */
  asWritten?: true;
}

/** One dated mention inside a piece of text. */
export interface DateMention {
  date: string;
  precision: DatePrecision;
  matchedText: string;
  /** Offset of the date words in the text. */
  index: number;
  /** Not resolved with confidence; `date` is the publication date, for ordering only. */
  asWritten?: true;
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
      const key = mention.asWritten ? `as written:${mention.matchedText}` : mention.date;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push({
        date: mention.date,
        precision: mention.precision,
        sentenceId: sentence.id,
        docId: doc.meta.id,
        text: sentence.text,
        matchedText: mention.matchedText,
        paragraph: sentence.paragraph,
        sentence: sentence.sentence,
        ...(mention.asWritten ? { asWritten: true as const } : {}),
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
const WEEKDAY = /\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b/i;
const SHORT_UNITS = /\b(seconds?|minutes?|hours?|days?|nights?|mornings?|evenings?|afternoons?)\b/i;

function plausible(matched: string): boolean {
  // "march" and "may" in lower case are a verb and a modal, not months.
  for (const m of matched.matchAll(MONTH_WORD)) if (m[0] === m[0].toLowerCase()) return false;
  // "Friday next week" is a day; "next week" alone is not.
  if (WEEKS.test(matched) && !(WEEKDAY.test(matched) && /\b(?:next|this|last) week\b/i.test(matched))) return false;
  if (SHORT_UNITS.test(matched) && !/\bago\b/i.test(matched) && !/\b(yesterday|today|tonight|tomorrow)\b/i.test(matched)) {
    // "Tuesday night" is still Tuesday; "for several days" / "after a few minutes" are not dates.
    if (!WEEKDAY.test(matched)) return false;
  }
  return true;
}

type Part = chrono.ParsedComponents;

function resolveAbsolute(part: Part, matched: string): Omit<DateMention, 'matchedText' | 'index'> | undefined {
  // Without a publication date, only a year written out in the mention can be trusted.
  if (!part.isCertain('year') || !/\b\d{4}\b/.test(matched)) return undefined;
  return fromComponents(part, part.get('year')!);
}

type Resolved = Omit<DateMention, 'matchedText' | 'index'>;

function resolveAgainst(part: Part, pub: Day, text: string, index: number, matched: string): Resolved | undefined {
  const yearCertain = part.isCertain('year');
  const dayCertain = part.isCertain('day');
  const monthCertain = part.isCertain('month');
  const weekdayOnly = part.isCertain('weekday') && !dayCertain && !monthCertain;
  if (!dayCertain && !monthCertain && !yearCertain && !weekdayOnly) return undefined; // a time of day alone
  if (yearCertain) return fromComponents(part, part.get('year')!);

  const explicit = /\b(next|last|past|previous|this|coming)\b/i.test(matched);
  // "next Tuesday", "last Friday", "this Monday": chrono counts them from publication.
  if (weekdayOnly && explicit) return fromComponents(part, part.get('year')!);
  const direction = explicit ? (/\b(next|coming)\b/i.test(matched) ? 'forward' : 'back') : directionOf(text, index, matched.length);
  const asWritten: Resolved = { date: isoDay(pub.year, pub.month, pub.day), precision: 'day', asWritten: true };
  if (direction === 'unclear') return asWritten;
  const published = Date.UTC(pub.year, pub.month - 1, pub.day);

  if (weekdayOnly) {
    const weekday = part.get('weekday')!;
    const day = new Date(published);
    const pubWeekday = day.getUTCDay();
    if (direction === 'back') {
      day.setUTCDate(day.getUTCDate() - ((pubWeekday - weekday + 7) % 7));
    } else if (nextWeek(text)) {
      // In the calendar week (Monday to Sunday) after publication's.
      const monday = (pubWeekday + 6) % 7;
      day.setUTCDate(day.getUTCDate() - monday + 7 + ((weekday + 6) % 7));
    } else {
      const ahead = (weekday - pubWeekday + 7) % 7;
      // The publication's own weekday, looking ahead: later today, or a week on. Not guessed.
      if (ahead === 0) return asWritten;
      day.setUTCDate(day.getUTCDate() + ahead);
    }
    return { date: isoDay(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()), precision: 'day' };
  }
  const month = part.get('month')!;
  if (dayCertain) {
    const day = part.get('day')!;
    const after = month > pub.month || (month === pub.month && day > pub.day);
    const before = month < pub.month || (month === pub.month && day < pub.day);
    const year = direction === 'back' ? (after ? pub.year - 1 : pub.year) : before ? pub.year + 1 : pub.year;
    if (direction === 'forward' && Date.UTC(year, month - 1, day) - published > FORWARD_LIMIT_MS) return asWritten;
    return { date: isoDay(year, month, day), precision: 'day' };
  }
  const year = direction === 'back' ? (month > pub.month ? pub.year - 1 : pub.year) : month < pub.month ? pub.year + 1 : pub.year;
  return { date: `${year}-${pad(month)}`, precision: 'month' };
}

/** A scheduled month and day further ahead than nine months is more likely a misreading than a plan: kept as written. */
const FORWARD_LIMIT_MS = 274 * 86_400_000;

function fromComponents(part: Part, year: number): Omit<DateMention, 'matchedText' | 'index'> {
  if (part.isCertain('day') || part.isCertain('weekday')) {
    return { date: isoDay(year, part.get('month')!, part.get('day')!), precision: 'day' };
  }
  if (part.isCertain('month')) return { date: `${year}-${pad(part.get('month')!)}`, precision: 'month' };
  return { date: String(year), precision: 'year' };
}

/**
 * Tense cues, each with the direction it gives a year-less date near it. Scheduled and
 * expected events look ahead ("set for", "due", "is to", "expected to", "will", "would"
 * in reported speech, "next week"); a plan told in the past ("was due", "were scheduled")
 * may or may not still be ahead; past perfect and past-tense verbs look back.
 */
const FORWARD_CUE =
  /\b(?:will|won't|shall|would|wouldn't|going to|(?:is|are|am)\s+(?:now\s+)?(?:to|due|set|scheduled|slated|planned|poised|expected|likely|about)\b|due\b|set (?:for|to)\b|scheduled (?:for|to)\b|slated (?:for|to)\b|planned for\b|plans? to|planning to|expects?\b|expected (?:to|on|by|for)\b|intends? to|aims? to|hopes? to|upcoming|next week|later this (?:week|month)|(?:the|a|its|their)\s+(?:scheduled|planned|proposed|expected)\b)|'ll\b/gi;
const PAST_PLAN = /\b(?:was|were)\s+(?:originally\s+)?(?:due|scheduled|set|slated|planned|expected|supposed|meant)\b/gi;
const PAST_CUE =
  /\b(?:had|did|was|were|said|told|met|held|began|left|went|came|took|gave|made|cut|put|ran|won|lost|fell|rose|spoke|wrote|saw|found|brought|bought|sent|spent|hit|shut|struck|threw|drove|flew|fled|sold|paid|kept|led|broke|chose|stood|sat|became|knew|thought|felt|got|heard|ended|(?!(?:hundred|indeed|speed|proceed|exceed|succeed|breed|embed|kindred)\b)\w{3,}ed)\b/gi;
/** Where a clause ends: punctuation, and words that start a new one. */
const CLAUSE_BREAK = /[,;:—–()]|\b(?:and|but|that|which|while|whereas|although|because)\b/gi;

type Direction = 'back' | 'forward' | 'unclear';

interface Cue {
  at: number;
  end: number;
  direction: Direction;
  /**
   * Modals, schedules and the past perfect say when; a past-tense form alone may be a
   * participle of a future ("will remain closed", "will be held"), so it yields to them.
   */
  strong: boolean;
}

function cuesIn(text: string): Cue[] {
  const cues: Cue[] = [];
  const add = (pattern: RegExp, direction: Direction, strong = true) => {
    for (const m of text.matchAll(pattern)) {
      const at = m.index;
      const end = at + m[0].length;
      // A cue inside a stronger one ("scheduled" in "is scheduled for") is that one.
      if (cues.some((c) => at < c.end && end > c.at)) continue;
      cues.push({ at, end, direction, strong });
    }
  };
  add(PAST_PLAN, 'unclear');
  // "had been scheduled to vote on Tuesday": a plan in the past perfect is past.
  add(/\bhad\s+(?:been\s+)?(?:(?:due|scheduled|set|slated|planned|expected|supposed|meant)\b(?:\s+(?:to|for)\b)?)?/gi, 'back');
  add(FORWARD_CUE, 'forward');
  add(PAST_CUE, 'back', false);
  return cues;
}

/** The clauses of a sentence as [start, end) offsets. */
function clauses(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    out.push([start, m.index]);
    start = m.index;
  }
  out.push([start, text.length]);
  return out;
}

/**
 * Which way a year-less date in `text` at `index` points: the cue nearest before it in its
 * clause (a modal or schedule before a bare past form: "will remain closed on Friday");
 * else the nearest after it in its clause ("Talks in the capital on Monday will decide");
 * else the nearest cue in the clauses before ("Officials expect a result …, and for the
 * council seats by lunchtime on Monday"); with no cue at all, back.
 */
function directionOf(text: string, index: number, length: number): Direction {
  const parts = clauses(text);
  const own = parts.findIndex(([s, e]) => index >= s && index < e);
  const cues = cuesIn(text).filter((c) => c.end <= index || c.at >= index + length);
  const within = (i: number) => cues.filter((c) => c.at >= parts[i]![0] && c.end <= parts[i]![1]).sort((a, b) => a.at - b.at);
  const nearest = (list: Cue[]) => list.filter((c) => c.strong).at(-1) ?? list.at(-1);
  const mine = within(own);
  const before = nearest(mine.filter((c) => c.end <= index));
  if (before) return before.direction;
  const after = mine.find((c) => c.at >= index + length && c.strong) ?? mine.find((c) => c.at >= index + length);
  if (after) return after.direction;
  for (let i = own - 1; i >= 0; i--) {
    const earlier = nearest(within(i));
    if (earlier) return earlier.direction;
  }
  return 'back';
}

function nextWeek(text: string): boolean {
  return /\bnext week\b/i.test(text);
}

/** Words after which a four-digit number is a year: "since 2014", "in 2020 and 2018", "from 2010 to 2012". */
// prettier-ignore
const YEAR_LEAD = new Set([
  'in', 'since', 'by', 'from', 'until', 'till', 'through', 'throughout', 'during', 'before', 'after',
  'between', 'of', 'to', 'early', 'late', 'mid', 'around', 'circa', 'summer', 'spring', 'autumn', 'fall',
  'winter', 'year', 'as', 'back',
]);
/** Words that may follow a year ("in 2014 when …"); any other word makes it a count ("of 2000 people"). */
// prettier-ignore
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
