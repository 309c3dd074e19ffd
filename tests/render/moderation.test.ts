import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReloadResult } from '../../src/load/live.ts';
import type { KnowledgeSnapshot } from '../../src/load/snapshot.ts';
import type { TimelineEvent } from '../../src/annotate/timeline.ts';
import { renderAnswer } from '../../src/render/discord.ts';
import { TIMELINE_PAGE_CHARS, labelText, renderFindSources, renderGaps, renderQuotes, renderReload, renderTimelinePage, timelinePages } from '../../src/render/moderation.ts';
import type { Answer, AnswerSource, RankedAnswer } from '../../src/search/engine.ts';
import { expectWithinLimits, plain } from './markdown.ts';

const SOURCE: AnswerSource = {
  id: 'iran-embassy-tirana',
  title: 'Diplomats leave Iranian Embassy in Albania after expulsion',
  published: '2022-09-08',
  publisher: 'Daily Sabah',
  url: 'https://example.org/news/iran-embassy',
};

function ranked(text: string, id: string): RankedAnswer {
  return {
    id,
    text,
    score: 0.7,
    source: SOURCE,
    paragraph: 6,
    sentence: 1,
    kind: 'body',
    confidence: 'strong',
    matched: [],
    highlights: [],
    explain: {} as RankedAnswer['explain'],
  };
}

function event(i: number, text: string, over: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    date: `2022-09-${String((i % 28) + 1).padStart(2, '0')}`,
    precision: 'day',
    sentenceId: `iran-embassy-tirana:${i + 1}.1`,
    docId: SOURCE.id,
    text,
    matchedText: 'on Wednesday',
    paragraph: i + 1,
    sentence: 1,
    ...over,
  };
}

describe('who said it', () => {
  it('reads "Reporting", "Claim · <speaker>" and "Claim · <speaker> · via <source>"', () => {
    expect(labelText({ kind: 'reporting' })).toBe('Reporting');
    expect(labelText({ kind: 'claim', speaker: 'Iranian Foreign Ministry', cue: 'denied' })).toBe('Claim · Iranian Foreign Ministry');
    expect(labelText({ kind: 'claim', speaker: 'Iran', cue: 'condemned', via: 'Iranian state TV' })).toBe('Claim · Iran · via Iranian state TV');
    expect(labelText({ kind: 'claim', speaker: 'ministry', cue: 'condemned', refersTo: 'Iranian Foreign Ministry' })).toBe('Claim · ministry (Iranian Foreign Ministry)');
    expect(labelText(undefined)).toBeUndefined();
  });

  it('shows the label as each answer embed’s author line, within limits however long', () => {
    const answer: Answer = { question: 'q', abstained: false, answers: [ranked('One.', 'a:1.1'), ranked('Two.', 'a:2.1')] };
    const message = renderAnswer(answer, { labels: ['Claim · Rama', `Claim · ${'x'.repeat(500)}`] });
    expect(message.embeds![0]!.author).toEqual({ name: 'Claim · Rama' });
    expect(message.embeds![1]!.author!.name.length).toBeLessThanOrEqual(300);
    expectWithinLimits(message);
  });

  it('gives each answer its own row of Context, 👍 and 👎 when votes are on, and More a row of its own', () => {
    const answers = [ranked('One.', 'a:1.1'), ranked('Two.', 'a:2.1'), ranked('Three.', 'a:3.1')];
    const message = renderAnswer(
      { question: 'q', abstained: false, answers },
      {
        actions: {
          more: 'more:1:3:abc',
          context: answers.map((a) => `ctx:1:${a.id}`),
          votes: answers.map((a) => ({ up: `vote:1:u:1:${a.id}`, down: `vote:1:d:1:${a.id}` })),
        },
      },
    );
    expect(message.components!.map((row) => row.components.map((b) => b.label))).toEqual([
      ['Context #1', '👍 #1', '👎 #1'],
      ['Context #2', '👍 #2', '👎 #2'],
      ['Context #3', '👍 #3', '👎 #3'],
      ['More'],
    ]);
    expectWithinLimits(message);
  });
});

describe('Find sources', () => {
  it('echoes the message escaped, links to it, and adds Post in channel under the Context buttons', () => {
    const message = renderFindSources(
      { question: 'x', abstained: false, answers: [ranked('One.', 'a:1.1')] },
      { target: { guildId: '1', channelId: '2', messageId: '3' }, text: '**loud** @everyone claim', context: ['ctx:1:a:1.1'], post: 'post:1:3:abc' },
    );
    expect(message.content).toContain('(https://discord.com/channels/1/2/3)');
    expect(message.content).toContain('> \\*\\*loud\\*\\* \\@everyone claim');
    expect(message.components!.map((row) => row.components.map((b) => b.label))).toEqual([['Context'], ['Post in channel']]);
    expectWithinLimits(message);
  });

  it('posts each sentence verbatim with its citation and who said it', () => {
    const message = renderQuotes([{ text: 'It is *the* first case.', source: SOURCE, paragraph: 2, kind: 'body', label: 'Reporting' }]);
    const [embed] = message.embeds!;
    expect(plain(embed!.description!)).toBe('It is *the* first case.');
    expect(embed!.footer!.text).toBe('Daily Sabah · Sept. 8, 2022 · ¶ 2');
    expect(embed!.author!.name).toBe('Reporting');
    expect(embed!.url).toBe(SOURCE.url);
    expectWithinLimits(message);
  });
});

describe('timeline pages', () => {
  const sources = new Map([[SOURCE.id, SOURCE]]);

  it('keep every event once, in order, in whole entries, each page within one message', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 900 }), { maxLength: 60 }), (texts) => {
        const events = texts.map((t, i) => event(i, `${t} on Wednesday`));
        const pages = timelinePages(events, sources);
        expect(pages.length === 0).toBe(events.length === 0);
        const joined = pages.map((p) => plain(p)).join('\n\n');
        let from = 0;
        for (const e of events) {
          // Long sentences are clipped (after escaping) at 700 characters: their start is there.
          const cut = e.text.length > 300 ? e.text.slice(0, 200) : e.text;
          const at = joined.indexOf(cut, from);
          expect(at).toBeGreaterThanOrEqual(0);
          from = at;
        }
        pages.forEach((page, i) => {
          expect(page.length).toBeLessThanOrEqual(TIMELINE_PAGE_CHARS);
          const message = renderTimelinePage(pages, events.length, i, { prev: 'tl:1:p:0:a', next: 'tl:1:n:1:a' });
          expectWithinLimits(message);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('show the date, the date words in bold, the sentence and its citation', () => {
    const [page] = timelinePages([event(5, 'Albania cut ties on Wednesday.', { date: '2022-09-07' })], sources);
    expect(page).toBe(
      '**Sept. 7, 2022**\nAlbania cut ties **on Wednesday**.\n— [Diplomats leave Iranian Embassy in Albania after expulsion](https://example.org/news/iran-embassy) · Daily Sabah · Sept. 8, 2022 · ¶ 6',
    );
  });

  it('have Prev and Next only when there is more than one page, disabled at the ends', () => {
    const single = renderTimelinePage(['one'], 1, 0, { prev: 'p', next: 'n' });
    expect(single.components).toEqual([]);
    expect(single.embeds![0]!.footer!.text).not.toContain('Page');
    const pages = ['one', 'two', 'three'];
    const state = (at: number) => renderTimelinePage(pages, 3, at, { prev: 'p', next: 'n' }).components![0]!.components.map((b) => [b.label, b.disabled]);
    expect(state(0)).toEqual([
      ['Prev', true],
      ['Next', false],
    ]);
    expect(state(1)).toEqual([
      ['Prev', false],
      ['Next', false],
    ]);
    expect(state(2)).toEqual([
      ['Prev', false],
      ['Next', true],
    ]);
    expect(renderTimelinePage(pages, 3, 99, { prev: 'p', next: 'n' }).embeds![0]!.footer!.text).toContain('Page 3 of 3');
    expect(renderTimelinePage([], 0, 0, { prev: 'p', next: 'n' }).content).toMatch(/no dated events/);
  });
});

describe('/gaps', () => {
  it('lists unanswered questions and 👎 answers escaped, within every limit however many and long', () => {
    const long = '@everyone **'.repeat(100);
    const message = renderGaps({
      days: 30,
      unanswered: Array.from({ length: 10 }, (_, i) => ({ question: `${long} ${i}`, count: 10 - i })),
      downvoted: Array.from({ length: 10 }, (_, i) => ({ answerId: `a:${i}.1`, down: 5, up: 1, questions: [long, long, long] })),
      sentence: (id) => (id === 'a:0.1' ? { text: long, source: SOURCE, paragraph: 1, kind: 'body' } : undefined),
    });
    expectWithinLimits(message);
    const [unanswered, worst] = message.embeds!;
    expect(unanswered!.description).not.toMatch(/(^|[^\\])@everyone/);
    expect(plain(unanswered!.description!)).toMatch(/^1\. .* — asked 10×/);
    expect(worst!.description).toContain('`a:1.1` (no longer in the sources)');
  });

  it('says when there is nothing to show', () => {
    const message = renderGaps({ days: 30, unanswered: [], downvoted: [], sentence: () => undefined });
    expect(message.embeds!.map((e) => e.description)).toEqual(['None in the last 30 days.', 'No 👎 in the last 30 days.']);
  });
});

describe('/reload', () => {
  const kb = { documents: new Array(2), sentences: new Array(42) };
  const snapshot = { kb, labels: new Map(), timeline: new Array(7), version: 2, loadedAt: new Date(0) } as unknown as KnowledgeSnapshot;

  it('names each file and field at fault, and says the last good version is kept', () => {
    const result: ReloadResult = {
      status: 'failed',
      kept: snapshot,
      ms: 5,
      problems: [
        { file: 'knowledge/new.md', field: 'url', problem: 'must be an http(s) URL' },
        { file: 'knowledge/other.md', problem: 'has no text after its front matter' },
      ],
    };
    const content = renderReload(result).content!;
    expect(content).toContain('**Not reloaded.**');
    expect(content).toContain('2 articles');
    expect(content).toContain('• `knowledge/new.md` — field `url`: must be an http(s) URL');
    expect(content).toContain('• `knowledge/other.md`: has no text after its front matter');
  });

  it('says what changed, and stays within the content limit for any number of problems', () => {
    const ok = renderReload({ status: 'reloaded', snapshot, previous: snapshot, ms: 5, changes: { added: ['b'], changed: ['a'], removed: [] } }).content!;
    expect(ok).toContain('2 articles, 42 sentences, 7 dated events');
    expect(ok).toContain('Added: `b`');
    expect(ok).toContain('Changed: `a`');
    expect(ok).not.toContain('Removed');
    expect(ok).not.toContain('shard');
    const reloaded = { status: 'reloaded' as const, snapshot, previous: snapshot, ms: 5, changes: { added: [], changed: [], removed: [] } };
    expect(renderReload(reloaded, { reloaded: 3, failed: 0, unreachable: false }).content).toContain('\n3 other shards reloaded too.');
    expect(renderReload(reloaded, { reloaded: 1, failed: 1, unreachable: true }).content).toContain(
      '\n1 other shard reloaded too; 1 other shard could not (it keeps the last good version); some shards could not be reached; they reload by themselves when the files change.',
    );
    expect(renderReload(reloaded, { reloaded: 0, failed: 0, unreachable: true }).content).toContain('\nSome shards could not be reached;');
    const many = renderReload({
      status: 'failed',
      kept: snapshot,
      ms: 1,
      problems: Array.from({ length: 200 }, (_, i) => ({ file: `knowledge/${i}.md`, field: 'url', problem: 'x'.repeat(200) })),
    });
    expectWithinLimits(many);
    expect(many.content).toMatch(/… and \d+ more$/);
  });
});
