/**
 * The bot end to end: the real discord.js client, router, commands and engine (on the
 * bundled knowledge base) against FakeDiscord on 127.0.0.1, which rejects any payload
 * over a Discord limit with 400 as Discord does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown, questionFromContent } from '../../src/render/discord.ts';
import { formatDate, formatPlace } from '../../src/render/citation.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';
import { snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness, sharedEngine, type Reply } from './harness.ts';
import { boldRuns, plain } from '../render/markdown.ts';

const QUESTION = 'why did Albania cut ties with Iran?';
const OFF_TOPIC = 'who won the 1998 football world cup final?';

let engine: AnswerEngine;
let h: BotHarness;

beforeAll(async () => {
  engine = await sharedEngine();
  h = await BotHarness.start();
});

afterAll(async () => {
  await h?.stop();
});

function embeds(reply: Reply): Array<{ title?: string; url?: string; description: string; footer?: { text: string } }> {
  return reply.data.embeds ?? [];
}

describe('/ask', () => {
  it('answers with the best sentences verbatim, matched words in bold, cited, and pings nobody', async () => {
    const expected = engine.ask(QUESTION, { limit: 4 }).answers;
    expect(expected.length).toBeGreaterThan(0);

    const reply = await h.ask({ question: QUESTION });

    expect(reply.handled.outcome).toBe('answered');
    expect(reply.callback.callbackType).toBe(4);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.ephemeral).toBe(false);
    expect(reply.data.content).toBe(`> ${QUESTION}`);
    const shown = embeds(reply);
    expect(shown).toHaveLength(Math.min(3, expected.length));
    shown.forEach((embed, i) => {
      const a = expected[i]!;
      expect(plain(embed.description)).toBe(a.text);
      const highlighted = new Set(a.highlights.map(([s, e]) => a.text.slice(s, e)));
      expect(boldRuns(embed.description).length).toBeGreaterThan(0);
      for (const run of boldRuns(embed.description)) expect(highlighted.has(run)).toBe(true);
      expect(embed.title).toBe(a.source.title);
      expect(embed.url).toBe(a.source.url);
      const footer = embed.footer!.text;
      expect(footer).toContain(`#${i + 1}`);
      expect(footer).toContain(formatPlace(a.kind, a.paragraph));
      if (a.source.published) expect(footer).toContain(formatDate(a.source.published)!);
      expect(footer).toMatch(/(strong|good|partial) match$/);
    });
    const buttons = reply.buttons();
    expect(buttons['Context #1']).toBe(`ctx:1:${expected[0]!.id}`);
    expect('More' in buttons).toBe(expected.length > 3);

    const line = h.logs().find((l) => l.interactionId === reply.interactionId && l.msg === 'interaction');
    expect(line).toMatchObject({ command: 'ask', outcome: 'answered' });
    expect(typeof line!.latencyMs).toBe('number');
  });

  it('says the sources do not cover an off-topic question, presenting no sentence', async () => {
    expect(engine.ask(OFF_TOPIC).abstained).toBe(true);
    const reply = await h.ask({ question: OFF_TOPIC });
    expect(reply.handled.outcome).toBe('abstained');
    expect(reply.data.embeds ?? []).toEqual([]);
    expect(reply.data.components ?? []).toEqual([]);
    expect(reply.data.content).toContain("The sources don't cover that.");
    expect(reply.data.content).toContain('/sources');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers privately with private:true (ephemeral flag 64)', async () => {
    const reply = await h.ask({ question: QUESTION, private: true });
    expect(reply.callback.callbackType).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.ephemeral).toBe(true);
    expect(embeds(reply).length).toBeGreaterThan(0);
  });

  it('answers for a mentioned member: an italic "for @user" line, and only that user may be pinged', async () => {
    const friend = { id: snowflake(), username: 'friend' };
    const reply = await h.ask({ question: QUESTION, mention: friend });
    expect(reply.data.content.split('\n')[0]).toBe(`*for <@${friend.id}>*`);
    expect(reply.data.allowed_mentions).toEqual({ parse: [], users: [friend.id] });
    expect(questionFromContent(reply.data.content)).toBe(QUESTION);
  });

  it('shows markdown and mentions in the question as plain text and pings nobody', async () => {
    const question = '@everyone <@&123456789012345678> <@123456789012345678> **why** did Albania `cut` ties? ||x|| # [a](https://x.y)';
    const reply = await h.ask({ question });
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    const content: string = reply.data.content;
    expect(content.split('\n')[0]).toBe(`> ${escapeMarkdown(question)}`);
    expect(content).not.toMatch(/(^|[^\\])<@/);
    expect(content).not.toMatch(/(^|[^\\])@everyone/);
    expect(questionFromContent(content)).toBe(question);
  });

  it('keeps every payload within Discord limits for the longest, most markdown-heavy question', async () => {
    const question = `${'*_~`|<@1> @here '.repeat(16)}Albania Iran embassy`.slice(0, 300);
    const reply = await h.ask({ question });
    // FakeDiscord answers 400 to anything over a limit, which would surface as an error.
    expect(['answered', 'abstained']).toContain(reply.handled.outcome);
    expect(reply.data.content.length).toBeLessThanOrEqual(2000);
  });
});

describe('/ask source:', () => {
  it('answers from the article picked, and More keeps asking that article', async () => {
    const source = engine.sources()[0]!.id;
    const reply = await h.ask({ question: QUESTION, source });
    expect(reply.handled.outcome).toBe('answered');
    expect(embeds(reply).map((e) => plain(e.description))).toEqual(engine.ask(QUESTION, { source, limit: 3 }).answers.map((a) => a.text));
    const more = reply.buttons().More!;
    expect(more).toContain(source);
    const next = await h.press(more, reply.message);
    expect(embeds(next).map((e) => plain(e.description))).toEqual(engine.ask(QUESTION, { source, limit: 3, offset: 3 }).answers.map((a) => a.text));
  });

  it('tells the member privately when no article has that id', async () => {
    const reply = await h.ask({ question: QUESTION, source: 'no-such-article' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain('There is no such article');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('suggests the articles by title as the member types, with their ids as values', async () => {
    const reply = await h.send(h.fake.autocomplete({ name: 'ask', options: { question: 'why', source: 'embassy' }, focused: 'source' }));
    expect(reply.callback.callbackType).toBe(8);
    expect(reply.callback.data.choices).toEqual(
      engine
        .sources()
        .filter((s) => /embassy/i.test(s.title))
        .map((s) => ({ name: s.title, value: s.id })),
    );
    const none = await h.send(h.fake.autocomplete({ name: 'ask', options: { question: 'why', source: 'zzzz' }, focused: 'source' }));
    expect(none.callback.data.choices).toEqual([]);
  });
});

describe('autocomplete on /ask question', () => {
  async function suggest(typed: string): Promise<Array<{ name: string; value: string }>> {
    const reply = await h.send(h.fake.autocomplete({ name: 'ask', options: { question: typed }, focused: 'question' }));
    expect(reply.callback.callbackType).toBe(8);
    return reply.callback.data.choices;
  }

  it('suggests what is typed, then sentences, at most 25, each 1-100 characters with name = value', async () => {
    const typed = 'why did albania cut ties';
    const choices = await suggest(typed);
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]).toEqual({ name: typed, value: typed });
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value).toBe(c.name);
    }
  });

  it('clips long suggestions at a word boundary to 100 characters', async () => {
    const typed = `${'the Albanian government blamed Iran for the cyberattack on its digital services '.repeat(2)}`.trim();
    expect(typed.length).toBeGreaterThan(100);
    const choices = await suggest(typed);
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) {
      expect(c.value.length).toBeLessThanOrEqual(100);
      if (c.value.endsWith('…')) expect(c.value.slice(0, -1)).not.toMatch(/\s$/);
    }
    const clipped = choices.filter((c) => c.value.endsWith('…'));
    const sentences = engine.index.sentences.map((s) => s.text);
    for (const c of clipped) {
      const stem = c.value.slice(0, -1);
      const source = sentences.find((s) => s.startsWith(stem));
      expect(source).toBeDefined();
      // Cut where a word ends.
      expect(source![stem.length]).toMatch(/[\s,.;:!?"'’)]/);
    }
  });

  it('suggests the article headlines before anything is typed', async () => {
    const choices = await suggest('');
    expect(choices.map((c) => c.value)).toEqual(engine.sources().map((s) => s.title.slice(0, 100)));
  });

  it('answers exactly the picked suggestion', async () => {
    const choices = await suggest('cyberattack July');
    const picked = choices.at(-1)!;
    const reply = await h.ask({ question: picked.value });
    expect(questionFromContent(reply.data.content)).toBe(picked.value);
    const expected = engine.ask(picked.value, { limit: 3 }).answers.map((a) => a.text);
    expect(embeds(reply).map((e) => plain(e.description))).toEqual(expected);
  });
});

describe('buttons', () => {
  it('More shows the next answers to the same question, privately to whoever pressed it', async () => {
    const all = engine.ask(QUESTION, { limit: 7 }).answers;
    expect(all.length).toBeGreaterThan(3);
    const first = await h.ask({ question: QUESTION });
    const more = first.buttons().More!;

    const next = await h.press(more, first.message, { id: snowflake(), username: 'someone-else' });
    expect(next.handled.outcome).toBe('answered');
    expect(next.ephemeral).toBe(true);
    expect(next.data.allowed_mentions).toEqual({ parse: [] });
    expect(embeds(next).map((e) => plain(e.description))).toEqual(all.slice(3, 6).map((a) => a.text));
    expect(embeds(next)[0]!.footer!.text.startsWith('#4 ')).toBe(true);
    expect(questionFromContent(next.data.content)).toBe(QUESTION);
    expect('More' in next.buttons()).toBe(all.length > 6);
  });

  it('More refuses politely when the message no longer carries the question it was made for', async () => {
    const first = await h.ask({ question: QUESTION });
    const tampered = { ...first.message, content: '> why did Iran cut ties with Albania?' };
    const reply = await h.press(first.buttons().More!, tampered);
    expect(reply.handled.outcome).toBe('expired');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toMatch(/no longer works/);
  });

  it('Context shows the sentence in bold between its neighbours in the article', async () => {
    const first = await h.ask({ question: QUESTION });
    const top = engine.ask(QUESTION, { limit: 1 }).answers[0]!;
    const reply = await h.press(first.buttons()['Context #1']!, first.message);
    expect(reply.handled.outcome).toBe('shown');
    expect(reply.ephemeral).toBe(true);
    const embed = embeds(reply)[0]!;
    expect(boldRuns(embed.description)).toEqual([top.text]);
    const around = engine.context(top.id, 2, 2);
    expect(around.length).toBeGreaterThan(1);
    const text = plain(embed.description);
    for (const s of around) expect(text).toContain(s.text);
    expect(embed.title).toBe(top.source.title);
  });

  it('answers an unknown or malformed button id with a private notice', async () => {
    const message = h.fake.buildMessage({ content: `> ${QUESTION}` });
    for (const id of ['nope:1:x', 'more:9:3:abc', 'ctx:1:no-such-article:1.1', 'more:1:zzzz:abc']) {
      const reply = await h.press(id, message);
      expect(reply.ephemeral).toBe(true);
      expect(['unknown-component', 'expired', 'missing']).toContain(reply.handled.outcome);
    }
  });
});

describe('/sources and /help', () => {
  it('/sources list lists every article with title, date and number of sentences', async () => {
    const reply = await h.send(h.fake.slashCommand({ name: 'sources', options: [{ name: 'list', type: 1, options: [] }] }));
    expect(reply.handled.outcome).toBe('shown');
    const [embed] = embeds(reply);
    const sources = engine.sources();
    expect(embed!.title).toBe(`Sources (${sources.length} article${sources.length === 1 ? '' : 's'})`);
    for (const s of sources) {
      expect(plain(embed!.description)).toContain(s.title);
      expect(embed!.description).toContain(`${s.sentences} sentences`);
      if (s.published) expect(embed!.description).toContain(formatDate(s.published)!);
    }
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('/help explains the commands, privately', async () => {
    const reply = await h.command('help');
    expect(reply.ephemeral).toBe(true);
    const description = embeds(reply)[0]!.description;
    for (const name of ['/ask', '/sources', '/help']) expect(description).toContain(`\`${name}\``);
  });

  it('tells a member about a command it does not know', async () => {
    const reply = await h.command('no-such-command');
    expect(reply.handled.outcome).toBe('unknown-command');
    expect(reply.ephemeral).toBe(true);
  });
});

describe('failures', () => {
  it('a failing reply becomes a private "something went wrong (error id)", logged with that id', async () => {
    const payload = h.askPayload({ question: QUESTION });
    const fault = h.fake.addFault({ method: 'POST', path: `/interactions/${payload.id}/`, status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const reply = await h.send(payload);
    expect(fault.fired).toBe(1);
    expect(reply.handled.outcome).toBe('error');
    expect(reply.ephemeral).toBe(true);
    const id = /something went wrong \(error id `([0-9a-f]{8})`\)/.exec(reply.data.content)?.[1];
    expect(id).toBe(reply.handled.errorId);
    const logged = h.logs().find((l) => l.errorId === id);
    expect(logged).toMatchObject({ level: 50, command: 'ask', msg: 'interaction failed' });
    expect(logged!.err.message).toContain('Invalid Form Body');
  });

  it('a client error event is logged and the bot keeps answering', async () => {
    h.bot.client.emit('error', new Error('gateway hiccup'));
    expect(h.logs().some((l) => l.msg === 'client error' && l.err?.message === 'gateway hiccup')).toBe(true);
    const reply = await h.ask({ question: QUESTION });
    expect(reply.handled.outcome).toBe('answered');
  });

  it('never logs the token', () => {
    expect(h.logLines.join('\n')).not.toContain(h.fake.token);
  });
});

describe('cooldown', () => {
  let limited: BotHarness | undefined;
  afterEach(async () => {
    await limited?.stop();
    limited = undefined;
  });

  it('lets a member ask N questions per window, then asks them to wait, privately; others can still ask', async () => {
    limited = await BotHarness.start({ cooldown: { questions: 2, seconds: 600 } });
    expect((await limited.ask({ question: QUESTION })).handled.outcome).toBe('answered');
    expect((await limited.ask({ question: OFF_TOPIC })).handled.outcome).toBe('abstained');
    const third = await limited.ask({ question: QUESTION });
    expect(third.handled.outcome).toBe('cooldown');
    expect(third.ephemeral).toBe(true);
    expect(third.data.content).toMatch(/ask again in \d+ seconds? \(up to 2 questions every 600 seconds\)/);
    expect(third.data.embeds ?? []).toEqual([]);
    const other = await limited.ask({ question: QUESTION, user: { id: snowflake(), username: 'other' } });
    expect(other.handled.outcome).toBe('answered');
  });
});

describe('deferred replies', () => {
  let slow: BotHarness | undefined;
  afterEach(async () => {
    await slow?.stop();
    slow = undefined;
  });

  it('defers first, then edits in the answer; a private question defers privately', async () => {
    slow = await BotHarness.start({ defer: 'always' });
    const reply = await slow.ask({ question: QUESTION });
    expect(reply.callback.callbackType).toBe(5);
    expect(reply.sent.kind).toBe('edit');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(embeds(reply).length).toBeGreaterThan(0);
    expect(reply.ephemeral).toBe(false);

    const hidden = await slow.ask({ question: QUESTION, private: true });
    expect(hidden.callback.callbackType).toBe(5);
    expect(hidden.callback.data.flags).toBe(64);
    expect(hidden.ephemeral).toBe(true);
  });

  it('a failure after a public defer removes the placeholder and tells the member privately', async () => {
    slow = await BotHarness.start({ defer: 'always' });
    const payload = slow.askPayload({ question: QUESTION });
    slow.fake.addFault({
      method: 'PATCH',
      path: `/webhooks/${slow.fake.applicationId}/${payload.token}/messages/@original`,
      status: 400,
      body: { message: 'Invalid Form Body', code: 50035 },
    });
    const reply = await slow.send(payload);
    expect(reply.handled.outcome).toBe('error');
    expect(reply.events.map((e) => e.kind)).toEqual(['callback', 'delete', 'followUp']);
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain(`error id \`${reply.handled.errorId}\``);
  });
});

describe('restarts', () => {
  it('buttons on a message from before a restart still work', async () => {
    const before = await BotHarness.start();
    const first = await before.ask({ question: QUESTION });
    const fake = before.fake;
    await before.bot.shutdown(1000);

    const after = await BotHarness.start({ fake });
    try {
      const more = await after.press(first.buttons().More!, first.message);
      expect(more.handled.outcome).toBe('answered');
      expect(questionFromContent(more.data.content)).toBe(QUESTION);
      const context = await after.press(first.buttons()['Context #1']!, first.message);
      expect(context.handled.outcome).toBe('shown');
    } finally {
      await after.stop();
      await fake.stop();
    }
  });
});
