import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  formatHighlighted,
  questionFromContent,
  renderAnswer,
  renderContext,
  renderCooldown,
  renderError,
  renderHelp,
  renderNotCovered,
  renderSources,
  unescapeMarkdown,
} from '../../src/render/discord.ts';
import type { Answer, RankedAnswer } from '../../src/search/engine.ts';
import { boldRuns, expectWithinLimits, plain } from './markdown.ts';

const SOURCE = {
  id: 'iran-embassy-tirana',
  title: 'Diplomats leave Iranian Embassy in Albania after expulsion',
  published: '2022-09-08',
  publisher: 'Daily Sabah',
  url: 'https://example.org/news/iran-embassy',
};

function ranked(text: string, over: Partial<RankedAnswer> = {}): RankedAnswer {
  return {
    id: 'iran-embassy-tirana:6.1',
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
    ...over,
  };
}

function answer(question: string, answers: RankedAnswer[]): Answer {
  return { question, abstained: answers.length === 0, answers };
}

/** Highlight ranges of every occurrence of `word` in `text`. */
function rangesOf(text: string, word: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push([i, i + word.length]);
  return out;
}

const SENTENCE = 'Albania cut diplomatic relations with Iran on Wednesday, when Prime Minister Edi Rama blamed the cyberattack.';

describe('answer message', () => {
  it('quotes the sentence verbatim with matched words in bold and cites title, link, date and paragraph', () => {
    const a = ranked(SENTENCE, { highlights: [...rangesOf(SENTENCE, 'Albania'), ...rangesOf(SENTENCE, 'Iran')] });
    const message = renderAnswer(answer('why did Albania cut ties with Iran?', [a]));
    const embed = message.embeds![0]!;
    expect(plain(embed.description!)).toBe(SENTENCE);
    expect(boldRuns(embed.description!)).toEqual(['Albania', 'Iran']);
    expect(embed.title).toBe(SOURCE.title);
    expect(embed.url).toBe(SOURCE.url);
    expect(embed.footer!.text).toBe('#1 · Daily Sabah · Sept. 8, 2022 · ¶ 6 · strong match');
    expect(message.content).toBe('> why did Albania cut ties with Iran?');
    expectWithinLimits(message);
  });

  it('shows at most three answers, best first, numbering them from the offset', () => {
    const levels = ['strong', 'good', 'partial', 'partial'] as const;
    const answers = [0.9, 0.5, 0.3, 0.2].map((score, i) => ranked(`Sentence number ${i + 1}.`, { score, confidence: levels[i]!, id: `d:1.${i + 1}` }));
    const message = renderAnswer(answer('q', answers), { offset: 3 });
    expect(message.embeds!.map((e) => plain(e.description!))).toEqual(['Sentence number 1.', 'Sentence number 2.', 'Sentence number 3.']);
    expect(message.embeds!.map((e) => e.footer!.text.split(' · ')[0])).toEqual(['#4', '#5', '#6']);
    expect(message.embeds!.map((e) => e.footer!.text.split(' · ').at(-1))).toEqual(['strong match', 'good match', 'partial match']);
  });

  it('has no link when the source has no url, and no publisher when it has none', () => {
    const a = ranked(SENTENCE, { source: { id: 'x', title: 'Untitled wire', published: '2022-09-08' }, kind: 'headline', paragraph: 0 });
    const embed = renderAnswer(answer('q', [a])).embeds![0]!;
    expect(embed.url).toBeUndefined();
    expect(embed.footer!.text).toBe('#1 · Sept. 8, 2022 · headline · strong match');
  });

  it('escapes markdown and neutralises mentions in the question, and reads the question back exactly', () => {
    const question = '**bold** _it_ `code` ~~s~~ ||spoiler|| [link](https://x.y) <@123> <@&456> @everyone @here # h > q \\ end';
    const message = renderAnswer(answer(question, [ranked(SENTENCE)]));
    const line = message.content!;
    expect(line).not.toMatch(/(^|[^\\])<@/);
    expect(line).not.toMatch(/(^|[^\\])@(everyone|here)/);
    expect(line).not.toMatch(/(^|[^\\])\*\*/);
    expect(line).not.toMatch(/(^|[^\\])\[/);
    expect(plain(line.slice(2))).toBe(question);
    expect(questionFromContent(line)).toBe(question);
    expectWithinLimits(message);
  });

  it('adds an italic "for @user" line when the answer is for someone', () => {
    const message = renderAnswer(answer('why?', [ranked(SENTENCE)]), { mention: '123456789012345678' });
    expect(message.content!.split('\n')[0]).toBe('*for <@123456789012345678>*');
    expect(questionFromContent(message.content)).toBe('why?');
  });

  it('puts a Context button per answer and More last, with the given custom ids', () => {
    const answers = [ranked('One.'), ranked('Two.'), ranked('Three.')];
    const message = renderAnswer(answer('q', answers), { actions: { more: 'more:1:3:abc', context: ['ctx:1:a:1.1', undefined, 'ctx:1:a:1.3'] } });
    const buttons = message.components![0]!.components;
    expect(buttons.map((b) => [b.label, b.custom_id])).toEqual([
      ['Context #1', 'ctx:1:a:1.1'],
      ['Context #3', 'ctx:1:a:1.3'],
      ['More', 'more:1:3:abc'],
    ]);
  });

  it('stays within every limit with a 5,000-character sentence, 30 matches and a 400-character title', () => {
    const words = Array.from({ length: 800 }, (_, i) => (i % 20 === 0 ? 'Iran' : `word${i}`));
    const text = `${words.join(' ')}.`.slice(0, 5000);
    expect(text.length).toBe(5000);
    const highlights = rangesOf(text, 'Iran').slice(0, 30);
    expect(highlights).toHaveLength(30);
    const long = { ...SOURCE, title: `${'A very long headline about the events in Tirana '.repeat(8)}`, publisher: 'P'.repeat(3000) };
    const answers = [0, 1, 2].map(() => ranked(text, { highlights, source: long }));
    const message = renderAnswer(answer(`${'why '.repeat(70)}<@1> @everyone **x**`, answers), {
      mention: '123456789012345678',
      actions: { more: 'more:1:3:zzzzzz', context: ['ctx:1:a:1.1', 'ctx:1:a:1.2', 'ctx:1:a:1.3'] },
    });
    expectWithinLimits(message);
    for (const e of message.embeds!) {
      expect(e.description!.endsWith('…')).toBe(true);
      expect(text.startsWith(plain(e.description!).slice(0, -1))).toBe(true);
      expect(boldRuns(e.description!).every((r) => r === 'Iran' || 'Iran'.startsWith(r))).toBe(true);
      expect(e.title!.length).toBeLessThanOrEqual(256);
    }
  });

  it('never splits a surrogate pair or an escape when it cuts', () => {
    const text = '😀*'.repeat(3000);
    const out = formatHighlighted(text, [[0, 4]], 101);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(text.startsWith(plain(out).slice(0, -1))).toBe(true);
  });

  it('abstains without presenting any sentence, pointing to /sources', () => {
    const message = renderAnswer(answer('who won the world cup?', []));
    expect(message.embeds).toBeUndefined();
    expect(message.components).toBeUndefined();
    expect(message.content).toContain("The sources don't cover that.");
    expect(message.content).toContain('/sources');
    expect(renderNotCovered('x', '42424242424242424').content).toMatch(/^\*for <@42424242424242424>\*/);
  });
});

describe('markdown escaping', () => {
  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(unescapeMarkdown(escapeMarkdown(s))).toBe(s);
      }),
    );
  });

  it('escapes line-start markers only where they would format', () => {
    expect(escapeMarkdown('# title - a > b')).toBe('\\# title - a > b');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('In 2022. Then')).toBe('In 2022. Then');
    expect(escapeMarkdown('see https://x.y/a and ftp://z')).toBe('see https\\://x.y/a and ftp\\://z');
  });

  it('breaks invite links written without a scheme, so Discord shows no invite for them', () => {
    // What Discord's client turns into an invite: discord.gg/x, discord.com/invite/x, discordapp.com/invite/x.
    const invite = /(?:discord(?:app)?\.com\/invite|discord\.(?:gg|io|me|li))\/[\w-]+/i;
    for (const text of [
      'join discord.gg/abc now',
      'DISCORD.GG/Abc',
      'see discord.com/invite/xyz',
      'www.discordapp.com/invite/q-1',
      'discord.io/x',
      'discord.me/x',
      'https://discord.gg/abc',
    ]) {
      const escaped = escapeMarkdown(text);
      expect(escaped, text).not.toMatch(invite);
      expect(unescapeMarkdown(escaped)).toBe(text);
    }
    expect(escapeMarkdown('the discord server, a gg moment')).toBe('the discord server, a gg moment');
  });

  it('always fits, keeps the text a prefix of the original, and balances bold', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '*', '\\', '_', '😀', '<', '@', 'é', '\n'), maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(300), fc.nat(20)), { maxLength: 30 }),
        fc.integer({ min: 3, max: 400 }),
        (text, spans, max) => {
          const highlights = spans.map(([a, n]) => [a, a + n] as [number, number]);
          const out = formatHighlighted(text, highlights, max);
          expect(out.length).toBeLessThanOrEqual(max);
          expectWithinLimits({ content: out });
          const seen = plain(out);
          if (seen === text) return;
          expect(seen.endsWith('…')).toBe(true);
          expect(text.startsWith(seen.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});

describe('other views', () => {
  it('lists every source with title link, publisher, date and sentence count', () => {
    const message = renderSources([
      { ...SOURCE, url: 'https://example.org/a_(b)', sentences: 20 },
      { id: 'b', title: 'Second *story*', sentences: 1 },
    ]);
    const d = message.embeds![0]!.description!;
    expect(d).toContain('[Diplomats leave Iranian Embassy in Albania after expulsion](https://example.org/a_%28b%29)');
    expect(d).toContain('Daily Sabah · Sept. 8, 2022 · 20 sentences');
    expect(d).toContain('**Second \\*story\\***');
    expect(d).toContain('1 sentence');
    expect(message.embeds![0]!.title).toBe('Sources (2 articles)');
  });

  it('counts the articles that do not fit in one message', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, title: `Article ${i} ${'x'.repeat(80)}`, url: `https://e.org/${i}`, sentences: 3 }));
    const message = renderSources(many);
    expectWithinLimits(message);
    expect(message.embeds![0]!.description).toMatch(/… and \d+ more$/);
  });

  it('shows a sentence in bold between its neighbours, paragraphs apart', () => {
    const s = (id: string, text: string, paragraph: number) => ({ id, text, paragraph, kind: 'body' as const });
    const message = renderContext(s('d:5.3', 'Middle.', 5), [s('d:5.2', 'Before.', 5), s('d:5.3', 'Middle.', 5), s('d:6.1', 'After.', 6)], SOURCE);
    expect(message.embeds![0]!.description).toBe('Before. **Middle.**\n\nAfter.');
    expect(message.embeds![0]!.footer!.text).toBe('Context · Daily Sabah · Sept. 8, 2022 · ¶ 5');
    expect(message.embeds![0]!.url).toBe(SOURCE.url);
  });

  it('keeps a context of huge sentences within limits', () => {
    const s = (id: string, paragraph: number) => ({ id, text: `${'_word_ '.repeat(900)}end.`, paragraph, kind: 'body' as const });
    expectWithinLimits(renderContext(s('d:1.2', 1), [s('d:1.1', 1), s('d:1.2', 1), s('d:1.3', 1)], SOURCE));
  });

  it('lists the commands it is given in /help', () => {
    const message = renderHelp({
      commands: [
        { name: 'ask', description: 'asks.' },
        { name: 'timeline', description: 'dates.' },
      ],
      cooldown: { questions: 5, seconds: 30 },
    });
    const d = message.embeds![0]!.description!;
    expect(d).toContain('`/ask` asks.');
    expect(d).toContain('`/timeline` dates.');
    expect(d).toContain('5 questions every 30 seconds');
  });

  it('words cooldown and error notices for members', () => {
    expect(renderCooldown(12.2, { questions: 5, seconds: 30 }).content).toContain('ask again in 13 seconds');
    expect(renderError('ab12cd34').content).toContain('something went wrong (error id `ab12cd34`)');
  });
});
