/**
 * Property tests on the answer path with random and hostile questions: unicode, zalgo,
 * right-to-left text, markdown, user/role/@everyone/@here mentions, regex metacharacters,
 * 0–6,000 characters. Through the engine, the renderers and the respond helper (the /ask
 * command itself, with a stand-in interaction that records what would be sent), then a
 * few dozen through discord.js to FakeDiscord, which refuses anything over a limit. The
 * payload never throws, never exceeds a Discord limit (checked against the limits module
 * and, separately, against Discord's documented numbers), never carries an unescaped
 * @everyone, @here or role mention, and may only ping the member named in `mention`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/discord/bot.ts';
import * as ask from '../../src/discord/commands/ask.ts';
import { commands } from '../../src/discord/commands/index.ts';
import { MAX_OFFSET, contextButtonId, moreButtonId } from '../../src/discord/components/ids.ts';
import type { BotContext } from '../../src/discord/types.ts';
import { createLogger } from '../../src/logger.ts';
import { renderAnswer, renderNoMore, renderNotCovered } from '../../src/render/discord.ts';
import { LIMITS, fitChoices, fitMessage, type MessageData } from '../../src/render/limits.ts';
import { snowflake } from '../../testkit/fake-discord/index.ts';
import { oneLine } from '../../src/question.ts';
import { BotHarness, sharedKnowledge } from '../e2e/harness.ts';
import { staticKnowledge } from '../../src/load/live.ts';
import type { KnowledgeSnapshot } from '../../src/load/snapshot.ts';
import { expectWithinLimits } from '../render/markdown.ts';

// ---------------------------------------------------------------------------
// Hostile questions
// ---------------------------------------------------------------------------

const snowflakeArb = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n - 1n }).map(String);

/** Valid Unicode only (Discord sends UTF-8): lone surrogates become U+FFFD, as they would on the way in. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const zalgo = fc
  .tuple(fc.constantFrom('a', 'Z', 'é', 'Albania', 'Iran', 'ж'), fc.array(fc.integer({ min: 0x300, max: 0x36f }), { maxLength: 40 }))
  .map(([base, marks]) => base + String.fromCodePoint(...marks));

const rtl = fc.constantFrom('\u202e', '\u202d', '\u2067', '\u2069', '\u200f', '\u200e', 'שלום עולם', 'مرحبا', 'ألبانيا وإيران', '\u202eenaibla\u202c');

const markdown = fc.constantFrom(
  '**',
  '__',
  '*',
  '_',
  '~~',
  '`',
  '```',
  '```js\n',
  '||',
  '> ',
  '>>> ',
  '# ',
  '## ',
  '-# ',
  '- ',
  '* ',
  '1. ',
  '\n',
  '\n\n',
  '[link](https://example.com)',
  '<https://example.com>',
  'https://example.com/a_b*c',
  '\\',
  '\\\\',
  '\\*',
  '<t:0:R>',
  ':smile:',
  '<:emoji:123456789012345678>',
  '<a:anim:123456789012345678>',
  '</ask:123456789012345678>',
  '\u200b',
  '\t',
);

const mention = fc.oneof(
  fc.constantFrom('@everyone', '@here', '@Everyone', '@HERE', '＠everyone', '@\u200beveryone', '\\@everyone', '@@everyone', 'x@here', '@everyone@here'),
  snowflakeArb.map((id) => `<@${id}>`),
  snowflakeArb.map((id) => `<@!${id}>`),
  snowflakeArb.map((id) => `<@&${id}>`),
  snowflakeArb.map((id) => `<#${id}>`),
  snowflakeArb.map((id) => `\\<@&${id}>`),
);

const regex = fc.constantFrom('.*', '(?:', ')', '(', '[', ']', '[^', '\\d+', '$', '^', '|', '{1,}', '{', '}', '+?', '?', '(?<x>', '\\1', '$&', "$'", '\\b', '/', '\\u{1F600}');

const onTopic = fc.constantFrom(
  'Albania',
  'Iran',
  'embassy',
  'Tirana',
  'cyberattack',
  'diplomats',
  'July',
  'Rama',
  'why did Albania cut ties with Iran?',
  'when did the diplomats leave?',
);

const fragment = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(wellFormed), weight: 2 },
  { arbitrary: zalgo, weight: 2 },
  { arbitrary: rtl, weight: 2 },
  { arbitrary: markdown, weight: 3 },
  { arbitrary: mention, weight: 3 },
  { arbitrary: regex, weight: 2 },
  { arbitrary: onTopic, weight: 4 },
);

/** 0–6,000 characters: a few fragments, sometimes repeated out to a random length. */
const hostileQuestion = fc
  .tuple(fc.array(fragment, { maxLength: 25 }), fc.constantFrom(' ', '', '\n'), fc.option(fc.integer({ min: 0, max: 6000 }), { freq: 3 }))
  .map(([parts, glue, length]) => {
    const text = parts.join(glue);
    if (length === null || text.length === 0) return text.slice(0, 6000);
    return wellFormed(text.repeat(Math.ceil(length / text.length)).slice(0, length));
  });

const mentionTarget = fc.option(snowflakeArb, { freq: 2 });

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/** Every text of the payload a member can see. */
function texts(message: MessageData): string[] {
  const out: string[] = [];
  if (message.content !== undefined) out.push(message.content);
  for (const e of message.embeds ?? []) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  for (const row of message.components ?? []) for (const b of row.components) out.push(b.label ?? '');
  return out;
}

/** Offsets of characters that stand unescaped (not preceded by an escaping backslash). */
function unescapedIndex(text: string): boolean[] {
  const flags = new Array<boolean>(text.length).fill(true);
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      flags[i + 1] = false;
      i++;
    }
  }
  return flags;
}

/** Mentions Discord would render (and, allowed, ping): unescaped @everyone/@here and <@…>, <@!…>, <@&…>. */
function liveMentions(text: string): string[] {
  const free = unescapedIndex(text);
  const found: string[] = [];
  for (const m of text.matchAll(/@(everyone|here)/gi)) if (free[m.index]) found.push(m[0]);
  for (const m of text.matchAll(/<@[!&]?\d+>/g)) if (free[m.index]) found.push(m[0]);
  return found;
}

/** Limits as the limits module states them. */
function expectWithinLimitsModule(message: MessageData): void {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embed.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embed.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.embed.footer);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(LIMITS.embed.author);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embed.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.embed.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.embed.fieldValue);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embed.total);
  expect(message.components?.length ?? 0).toBeLessThanOrEqual(LIMITS.component.rows);
  for (const row of message.components ?? []) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.component.buttonsPerRow);
    for (const b of row.components) {
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.component.buttonLabel);
      if (b.custom_id !== undefined) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.component.customId);
    }
  }
}

/** Something a member could be shown: not empty, within every limit, pinging nobody it should not. */
function expectSafe(message: MessageData, mentioned: string | null): void {
  const visible = (message.content ?? '').length + (message.embeds?.length ?? 0);
  expect(visible).toBeGreaterThan(0);
  expectWithinLimitsModule(message);
  expectWithinLimits(message);
  for (const text of texts(message)) {
    for (const live of liveMentions(text)) {
      // The only mention left live is the "for @user" line's, of the member the answer is for.
      expect(mentioned, `live mention ${live} in ${JSON.stringify(text.slice(0, 200))}`).not.toBeNull();
      expect(live).toBe(`<@${mentioned}>`);
    }
  }
}

function expectAllowedMentions(allowed: unknown, mentioned: string | null): void {
  expect(allowed).toEqual(mentioned ? { parse: [], users: [mentioned] } : { parse: [] });
}

// ---------------------------------------------------------------------------
// The /ask command with a stand-in interaction
// ---------------------------------------------------------------------------

interface Sent {
  method: string;
  payload: { content?: string; embeds?: MessageData['embeds']; components?: MessageData['components']; allowedMentions?: unknown; flags?: number };
}

/** Just enough of a ChatInputCommandInteraction for /ask: options, member, reply methods that record. */
function standIn(question: string, options: { mention: string | null; private: boolean }) {
  const sent: Sent[] = [];
  const interaction = {
    id: '1',
    user: { id: '200000000000000001' },
    guildId: '300000000000000001',
    inGuild: () => true,
    // A member who may send messages in the channel (so `private` decides).
    memberPermissions: { has: () => true },
    channel: null,
    deferred: false,
    replied: false,
    ephemeral: null as boolean | null,
    options: {
      getString: (name: string) => (name === 'question' ? question : null),
      getBoolean: () => options.private,
      getUser: () => (options.mention ? { id: options.mention } : null),
    },
    async deferReply(payload: Sent['payload']) {
      sent.push({ method: 'deferReply', payload });
      interaction.deferred = true;
    },
    async reply(payload: Sent['payload']) {
      sent.push({ method: 'reply', payload });
      interaction.replied = true;
    },
    async editReply(payload: Sent['payload']) {
      sent.push({ method: 'editReply', payload });
      interaction.replied = true;
    },
    async followUp(payload: Sent['payload']) {
      sent.push({ method: 'followUp', payload });
    },
    async deleteReply() {
      sent.push({ method: 'deleteReply', payload: {} });
    },
  };
  return { interaction, sent };
}

let knowledge: KnowledgeSnapshot;
let ctx: BotContext;

beforeAll(async () => {
  knowledge = await sharedKnowledge();
  ctx = createContext(
    { knowledge: staticKnowledge(knowledge), logger: createLogger({ level: 'silent' }), cooldown: { questions: 1_000_000, seconds: 1 }, defer: 'never' },
    commands,
  );
});

describe('hostile questions through the engine, the renderers and the respond helper', () => {
  it('/ask never throws, and its one reply is within every limit and pings at most the mentioned member', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileQuestion, mentionTarget, fc.boolean(), async (question, mentioned, hidden) => {
        const { interaction, sent } = standIn(question, { mention: mentioned, private: hidden });
        const outcome = await ask.execute(interaction as never, ctx);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expect(sent).toHaveLength(1);
        const [{ method, payload }] = sent as [Sent];
        expect(method).toBe('reply');
        const message: MessageData = {
          ...(payload.content !== undefined ? { content: payload.content } : {}),
          ...(payload.embeds ? { embeds: payload.embeds } : {}),
          ...(payload.components ? { components: payload.components } : {}),
        };
        if (outcome === 'empty') {
          expectSafe(message, null);
          expectAllowedMentions(payload.allowedMentions, null);
          return;
        }
        expectSafe(message, mentioned);
        expectAllowedMentions(payload.allowedMentions, mentioned);
        expect(payload.flags === 64).toBe(hidden);
      }),
      { numRuns: 1000 },
    );
    // The run covered answers as well as abstentions (and the empty question).
    expect(outcomes.get('answered') ?? 0).toBeGreaterThan(50);
    expect(outcomes.get('abstained') ?? 0).toBeGreaterThan(50);
  });

  it('renders answer, abstain and no-more payloads for the unclipped question within every limit', () => {
    fc.assert(
      fc.property(hostileQuestion, mentionTarget, fc.integer({ min: 0, max: MAX_OFFSET }), (question, mentioned, offset) => {
        const answer = knowledge.engine.ask(question, { limit: 4, offset });
        const shown = answer.answers.slice(0, 3);
        const options = {
          offset,
          ...(mentioned ? { mention: mentioned } : {}),
          actions: { more: moreButtonId(question, offset + 3), context: shown.map((a) => contextButtonId(a.id)) },
        };
        for (const message of [
          renderAnswer({ ...answer, question, answers: shown }, options),
          renderNotCovered(question, mentioned ?? undefined),
          renderNoMore(question, mentioned ?? undefined),
        ]) {
          // What the respond helper sends: fitMessage changes nothing a renderer sized well.
          const fitted = fitMessage(message);
          expect(fitted).toEqual(message);
          expectSafe(fitted, mentioned);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('autocomplete suggestions for any typed text stay within the choice limits', () => {
    fc.assert(
      fc.property(hostileQuestion, (typed) => {
        const choices = fitChoices(ask.suggestQuestions(knowledge, oneLine(typed)));
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) {
          expect(c.name.length).toBeGreaterThanOrEqual(1);
          expect(c.name.length).toBeLessThanOrEqual(100);
          expect(c.value.length).toBeGreaterThanOrEqual(1);
          expect(c.value.length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the mention checker finds what it must', () => {
    expect(liveMentions('hi @everyone')).toEqual(['@everyone']);
    expect(liveMentions('hi \\@everyone and \\<@&123>')).toEqual([]);
    expect(liveMentions('hi \\\\@here <@&123> <@!45>')).toEqual(['@here', '<@&123>', '<@!45>']);
  });
});

describe('hostile questions through discord.js to FakeDiscord', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('each gets exactly one accepted reply within limits, pinging at most the mentioned member', async () => {
    await fc.assert(
      // Discord holds a question to the option's max_length (in characters).
      fc.asyncProperty(
        hostileQuestion.map((q) => Array.from(q).slice(0, ask.QUESTION_MAX_LENGTH).join('')),
        mentionTarget,
        async (question, mentioned) => {
          const reply = await h.ask({ question, user: { id: snowflake() }, ...(mentioned ? { mention: { id: mentioned } } : {}) });
          // FakeDiscord answers 400 to a payload over a limit: that would be an error outcome.
          expect(['answered', 'abstained', 'empty']).toContain(reply.handled.outcome);
          expect(reply.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
          const data = reply.data;
          const target = reply.handled.outcome === 'empty' ? null : mentioned;
          expectSafe({ content: data.content, ...(data.embeds ? { embeds: data.embeds } : {}), ...(data.components ? { components: data.components } : {}) }, target);
          expectAllowedMentions(data.allowed_mentions, target);
        },
      ),
      { numRuns: 40 },
    );
  });
});
