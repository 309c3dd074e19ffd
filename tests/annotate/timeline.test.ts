import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleKnowledgeBase, loadKnowledgeBase, parseKnowledgeFile } from '../../src/knowledge/load.ts';
import type { KnowledgeBase, KnowledgeDocument } from '../../src/knowledge/types.ts';
import { buildTimeline, findDates, type TimelineEvent } from '../../src/annotate/timeline.ts';
import { timelinePages } from '../../src/render/moderation.ts';

/** Thursday, the seed article's publication date. */
const PUB = '2022-09-08';

/** The resolved dates in `text`; `null` for an article without a publication date. */
function dates(text: string, published: string | null = PUB): string[] {
  return findDates(text, published ?? undefined).map((m) => m.date);
}

function article(id: string, body: string, published?: string): KnowledgeDocument {
  const front = `---\nid: ${id}\ntitle: ${id}\n${published ? `published: ${published}\n` : ''}---\n\n`;
  return parseKnowledgeFile(`${id}.md`, new TextEncoder().encode(front + body));
}

describe('resolving date words against the publication date', () => {
  it('puts a weekday on the most recent such day on or before publication, never after', () => {
    expect(findDates('Albania cut ties on Wednesday.', PUB)).toEqual([{ date: '2022-09-07', precision: 'day', matchedText: 'on Wednesday', index: 17 }]);
    expect(dates('The staff left on Thursday.')).toEqual(['2022-09-08']);
    expect(dates('The decision came on Friday.')).toEqual(['2022-09-02']);
    expect(dates('Talks began on Saturday.')).toEqual(['2022-09-03']);
  });

  it('keeps a weekday in the previous year when the week crosses New Year', () => {
    // 2023-01-02 is a Monday.
    expect(dates('The fire started on Friday.', '2023-01-02')).toEqual(['2022-12-30']);
  });

  it('reads "Thursday near noon" as that Thursday and ignores the time of day', () => {
    const text = 'The cars left the compound Thursday near noon after much movement overnight.';
    expect(findDates(text, PUB)).toEqual([{ date: '2022-09-08', precision: 'day', matchedText: 'Thursday', index: text.indexOf('Thursday') }]);
  });

  it('places a month and day without a year on the latest such date not after publication', () => {
    expect(dates('On July 15, a cyberattack shut down services.')).toEqual(['2022-07-15']);
    expect(dates('The review began on Nov. 14.', '2023-01-19')).toEqual(['2022-11-14']);
    expect(dates('The audit began on Sept. 8.')).toEqual(['2022-09-08']);
    expect(dates('The audit began on Sept. 9.')).toEqual(['2021-09-09']);
  });

  it('places a month without a year the same way, with month precision', () => {
    expect(findDates('In July, the group had planned a summit.', PUB)).toMatchObject([{ date: '2022-07', precision: 'month' }]);
    expect(dates('In December, the group had planned a summit.')).toEqual(['2021-12']);
  });

  it('reads years after "since", "in" and in lists, with year precision', () => {
    const since = 'Ties have been tense since 2014 when Albania sheltered them.';
    expect(findDates(since, PUB)).toEqual([{ date: '2014', precision: 'year', matchedText: '2014', index: since.indexOf('2014') }]);
    expect(dates('In two separate instances in 2020 and 2018, Tirana expelled diplomats.')).toEqual(['2020', '2018']);
    expect(dates('Similar rules were adopted in 2015, 2017 and 2019.')).toEqual(['2015', '2017', '2019']);
    expect(dates('It was tested from 2010 to 2012.')).toEqual(['2010', '2012']);
    expect(dates('They met in the 2019 election campaign.')).toEqual(['2019']);
  });

  it('does not take counts, money or decades for years', () => {
    expect(dates('A crowd of 2000 people gathered.')).toEqual([]);
    expect(dates('Albania sheltered some 3,000 members.')).toEqual([]);
    expect(dates('The fine was $2000 in total.')).toEqual([]);
    expect(dates('The group was founded in the 1960s.')).toEqual([]);
  });

  it('counts relative words from publication', () => {
    expect(findDates('Permits were revoked last month.', PUB)).toMatchObject([{ date: '2022-08', precision: 'month' }]);
    expect(findDates('Rents rose 18% last year.', PUB)).toMatchObject([{ date: '2021', precision: 'year' }]);
    expect(findDates('The talks collapsed yesterday.', PUB)).toMatchObject([{ date: '2022-09-07', precision: 'day' }]);
    expect(findDates('The law passed two years ago.', PUB)).toMatchObject([{ date: '2020', precision: 'year' }]);
  });

  it('keeps full dates and both ends of a range', () => {
    expect(findDates('Police entered the embassy, Sept. 8, 2022.', PUB)).toMatchObject([{ date: '2022-09-08', precision: 'day', matchedText: 'Sept. 8, 2022' }]);
    expect(dates('The heaters were sold from September 2019 through December 2022.', '2023-01-19')).toEqual(['2019-09', '2022-12']);
  });

  it('leaves out what cannot be placed: times alone, weeks, durations, "overnight"', () => {
    expect(dates('Movement inside had been nonstop overnight.')).toEqual([]);
    expect(dates('The storm made landfall shortly after 2 a.m.')).toEqual([]);
    expect(dates('The talks stalled last week.')).toEqual([]);
    expect(dates('Rivers could keep rising for several days.')).toEqual([]);
    expect(dates('Two officers left after a few minutes.')).toEqual([]);
    expect(dates('They were given 24 hours to leave.')).toEqual([]);
  });

  it('reads future-tense and deadline weekdays and dates forward from publication', () => {
    // 2022-09-08 is a Thursday.
    expect(dates('Schools will remain closed on Friday.')).toEqual(['2022-09-09']);
    expect(dates('It expected to reconnect the rest by Sunday.')).toEqual(['2022-09-11']);
    expect(dates('Carvalho will take office on April 1.')).toEqual(['2023-04-01']);
    // An explicit "next" is taken at its word.
    expect(dates('The vote is set for next Tuesday.')).toEqual(['2022-09-13']);
    // A past-perfect schedule is still in the past.
    expect(dates('The council had been scheduled to vote on Tuesday.')).toEqual(['2022-09-06']);
  });

  it('does not read the verb "march" or the modal "may" as months', () => {
    expect(dates('Protesters march on the capital, and officials may respond.')).toEqual([]);
  });

  it('without a publication date, keeps only dates that carry their own year', () => {
    expect(dates('Albania cut ties on Wednesday.', null)).toEqual([]);
    expect(dates('On July 15, a cyberattack shut down services.', null)).toEqual([]);
    expect(dates('Rents rose 18% last year.', null)).toEqual([]);
    expect(dates('Police entered the embassy, Sept. 8, 2022.', null)).toEqual(['2022-09-08']);
    expect(dates('Ties have been tense since 2014.', null)).toEqual(['2014']);
  });

  it('resolves any weekday to a day within the six days up to publication with that weekday', () => {
    const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.integer({ min: 0, max: 6 }), (ms, weekday) => {
        const published = new Date(ms).toISOString().slice(0, 10);
        const [mention] = findDates(`The ministry closed the office on ${names[weekday]}.`, published);
        expect(mention?.precision).toBe('day');
        const resolved = new Date(`${mention!.date}T00:00:00Z`);
        const pub = new Date(`${published}T00:00:00Z`);
        expect(resolved.getUTCDay()).toBe(weekday);
        const back = (pub.getTime() - resolved.getTime()) / 86_400_000;
        expect(back).toBeGreaterThanOrEqual(0);
        expect(back).toBeLessThanOrEqual(6);
      }),
      { numRuns: 200 },
    );
  });

  it('resolves any month and day to a date in the year up to publication', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 28 }), (ms, month, day) => {
        const published = new Date(ms).toISOString().slice(0, 10);
        const [mention] = findDates(`The office closed on ${months[month]} ${day}.`, published);
        expect(mention?.precision).toBe('day');
        expect(mention!.date <= published).toBe(true);
        const resolved = new Date(`${mention!.date}T00:00:00Z`);
        expect(resolved.getUTCMonth()).toBe(month);
        expect(resolved.getUTCDate()).toBe(day);
        expect(new Date(`${published}T00:00:00Z`).getTime() - resolved.getTime()).toBeLessThan(366 * 86_400_000);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the timeline of the sources', () => {
  let kb: KnowledgeBase;
  let timeline: TimelineEvent[];

  beforeAll(async () => {
    const seed = await loadKnowledgeBase(fileURLToPath(new URL('../../knowledge', import.meta.url)));
    const fixtures = await loadKnowledgeBase(fileURLToPath(new URL('../fixtures/articles', import.meta.url)));
    kb = assembleKnowledgeBase([...seed.documents, ...fixtures.documents]);
    timeline = buildTimeline(kb);
  });

  const summary = (events: TimelineEvent[]) => events.map((e) => `${e.date} ${e.sentenceId} ${e.matchedText}`);

  it('lists the dated events of the seed article in order, each date resolved', () => {
    const seed = timeline.filter((e) => e.docId === 'iran-embassy-tirana');
    expect(summary(seed)).toEqual([
      '2014 iran-embassy-tirana:11.1 2014',
      '2018 iran-embassy-tirana:13.1 2018',
      '2020 iran-embassy-tirana:13.1 2020',
      '2022-07 iran-embassy-tirana:6.1 July',
      '2022-07 iran-embassy-tirana:12.1 July',
      '2022-07-15 iran-embassy-tirana:7.1 July 15',
      '2022-09-07 iran-embassy-tirana:6.1 on Wednesday',
      '2022-09-07 iran-embassy-tirana:7.2 Wednesday',
      '2022-09-08 iran-embassy-tirana:0.2 Sept. 8, 2022',
      '2022-09-08 iran-embassy-tirana:1.1 on Thursday',
      '2022-09-08 iran-embassy-tirana:3.1 Thursday',
    ]);
  });

  it('resolves the fixture articles against their own publication dates', () => {
    const byDoc = (id: string) => summary(timeline.filter((e) => e.docId === id));
    expect(byDoc('heater-recall')).toEqual([
      '2004 heater-recall:9.2 2004',
      '2015 heater-recall:8.1 2015',
      '2017 heater-recall:8.1 2017',
      '2019-09 heater-recall:2.1 September 2019 through December 2022',
      '2022 heater-recall:5.1 last year',
      '2022 heater-recall:5.2 2022',
      '2022-11-14 heater-recall:7.2 Nov. 14',
      '2022-12 heater-recall:2.1 September 2019 through December 2022',
      '2022-12-02 heater-recall:7.2 Dec. 2',
      '2023-01-18 heater-recall:1.1 on Wednesday',
      '2023-01-18 heater-recall:10.1 on Wednesday',
    ]);
    expect(byDoc('storm-leona')).toEqual([
      '1998 storm-leona:4.1 1998',
      '2011 storm-leona:9.1 2011',
      '2021-10-21 storm-leona:10.1 Oct. 21',
      '2021-10-26 storm-leona:5.1 on Tuesday',
      '2021-10-27 storm-leona:0.2 Oct. 27, 2021',
      '2021-10-27 storm-leona:1.1 on Wednesday',
      '2021-10-28 storm-leona:7.1 on Thursday',
      '2021-10-29 storm-leona:8.2 on Friday',
      '2021-10-31 storm-leona:7.1 Sunday',
    ]);
    expect(byDoc('election-westmere')).toContain('2024-03-03 election-westmere:1.1 on Sunday');
    expect(byDoc('election-westmere')).toContain('2024-02 election-westmere:8.1 last month');
    expect(byDoc('election-westmere')).toContain('2024-02-20 election-westmere:7.1 Feb. 20');
    expect(byDoc('court-rental-ban')).toContain('2023-05-12 court-rental-ban:8.2 on Friday');
    expect(byDoc('court-rental-ban')).toContain('2023-04 court-rental-ban:9.2 last month');
    expect(byDoc('court-rental-ban')).toContain('2022-03-01 court-rental-ban:4.2 March 1, 2022');
  });

  it('is sorted by date, coarser dates first within a period, then by reading order', () => {
    for (let i = 1; i < timeline.length; i++) expect(timeline[i - 1]!.date <= timeline[i]!.date).toBe(true);
    const dates = timeline.map((e) => e.date);
    expect(dates.indexOf('2022')).toBeLessThan(dates.indexOf('2022-03-01'));
    expect(dates.indexOf('2022-07')).toBeLessThan(dates.indexOf('2022-07-15'));
    const docOrder = kb.documents.map((d) => d.meta.id);
    const sentenceOrder = new Map(kb.sentences.map((s, i) => [s.id, i]));
    for (let i = 1; i < timeline.length; i++) {
      const [a, b] = [timeline[i - 1]!, timeline[i]!];
      if (a.date !== b.date) continue;
      expect(docOrder.indexOf(a.docId)).toBeLessThanOrEqual(docOrder.indexOf(b.docId));
      if (a.docId === b.docId) expect(sentenceOrder.get(a.sentenceId)!).toBeLessThanOrEqual(sentenceOrder.get(b.sentenceId)!);
    }
  });

  it('carries each sentence verbatim with its citation', () => {
    const sentences = new Map(kb.sentences.map((s) => [s.id, s]));
    for (const event of timeline) {
      const sentence = sentences.get(event.sentenceId)!;
      expect(event).toMatchObject({ text: sentence.text, docId: sentence.docId, paragraph: sentence.paragraph, sentence: sentence.sentence });
      expect(sentence.text).toContain(event.matchedText);
    }
  });

  it('lists a date once per sentence, and orders equal dates by document', () => {
    const a = article('a', 'The plan was drafted in 2021 and approved in 2021.\n\nIt began in 2021.\n', '2023-01-01');
    const b = article('b', 'A rival plan was drafted in 2021.\n', '2023-01-01');
    expect(summary(buildTimeline({ documents: [b, a] }))).toEqual(['2021 b:1.1 2021', '2021 a:1.1 2021', '2021 a:2.1 2021']);
  });

  it('takes only dates with their own year from an article without a publication date', () => {
    const undated = article('undated', 'The talks began on Monday.\n\nThe first round was held on March 3, 2019.\n\nTies were cut in 2018.\n');
    expect(summary(buildTimeline({ documents: [undated] }))).toEqual(['2018 undated:3.1 2018', '2019-03-03 undated:2.1 March 3, 2019']);
  });
});

describe('scheduled, expected and past events in an article dated Thursday 14 March 2024', () => {
  const THURSDAY = '2024-03-14';
  const on = (text: string) => findDates(text, THURSDAY).map((m) => (m.asWritten ? `as written: ${m.matchedText}` : m.date));

  it('places a scheduled weekday after publication, whatever comes first in the sentence', () => {
    expect(on('Ministers are to hold talks in the capital on Monday.')).toEqual(['2024-03-18']);
    expect(on('Talks in the capital on Monday will decide the timetable.')).toEqual(['2024-03-18']);
    expect(on('The report is due on Friday.')).toEqual(['2024-03-15']);
    expect(on('The board is scheduled to meet on Tuesday.')).toEqual(['2024-03-19']);
    expect(on('Unions are expected to strike on Wednesday.')).toEqual(['2024-03-20']);
    expect(on('Schools will stay closed on Friday.')).toEqual(['2024-03-15']);
    expect(on('Police expect the road to reopen on Saturday.')).toEqual(['2024-03-16']);
    expect(on('Campaigning ends before the scheduled vote on Sunday.')).toEqual(['2024-03-17']);
  });

  it('places a scheduled month and day, or month, in the months ahead, not a year back', () => {
    expect(on('The vote is set for March 20.')).toEqual(['2024-03-20']);
    expect(on('The new law will take effect in April.')).toEqual(['2024-04']);
    expect(on('The bridge is due to reopen on Nov. 3.')).toEqual(['2024-11-03']);
  });

  it('reads "next week" as the week after publication’s', () => {
    expect(on('The final hearing is on Friday next week.')).toEqual(['2024-03-22']);
    expect(on('The hearing resumes on Tuesday next week.')).toEqual(['2024-03-19']);
    expect(on('Talks resume next week on Tuesday.')).toEqual(['2024-03-19']);
  });

  it('reads the future in reported speech forward, and the reporting verb’s own date back', () => {
    expect(on('The minister said the border would reopen on Saturday.')).toEqual(['2024-03-16']);
    expect(on('He said on Monday that talks would resume on Friday.')).toEqual(['2024-03-11', '2024-03-15']);
  });

  it('keeps past events in the past', () => {
    expect(on('Talks were held in the capital on Monday.')).toEqual(['2024-03-11']);
    expect(on('The ministers met on Monday and will meet again on Friday.')).toEqual(['2024-03-11', '2024-03-15']);
    expect(on('The vote took place on March 4.')).toEqual(['2024-03-04']);
    expect(on('Albania cut ties on Wednesday.')).toEqual(['2024-03-13']);
    expect(on('Flights were cancelled on Monday due to the storm.')).toEqual(['2024-03-11']);
    expect(on('Protesters set fire to cars on Tuesday.')).toEqual(['2024-03-12']);
  });

  it('shows as written what it cannot resolve with confidence, and guesses nothing', () => {
    // Today, or a week on?
    expect(on('The board is expected to certify the results on Thursday.')).toEqual(['as written: on Thursday']);
    // A plan told in the past may still be ahead.
    expect(on('The vote was due on Friday.')).toEqual(['as written: on Friday']);
    // Almost a year ahead is more likely a misreading.
    expect(on('The inquiry will report on March 10.')).toEqual(['as written: March 10']);
  });

  it('keeps a mention shown as written in the timeline, at its article’s date, and renders the words instead of a date', () => {
    const doc = article('plans', 'The board is expected to certify the results on Thursday.\n\nThe vote is set for March 20.\n', THURSDAY);
    const events = buildTimeline({ documents: [doc] });
    expect(events.map((e) => [e.date, e.matchedText, e.asWritten ?? false])).toEqual([
      ['2024-03-14', 'on Thursday', true],
      ['2024-03-20', 'March 20', false],
    ]);
    const page = timelinePages(events, new Map([['plans', { id: 'plans', title: 'Plans', published: THURSDAY }]]))[0]!;
    expect(page).toContain('**“on Thursday” (as written; date not certain)**');
    expect(page).toContain('**March 20, 2024**');
  });
});
