/**
 * The moderator features end to end: the real discord.js client, router, commands and
 * engine against FakeDiscord, on a copy of the bundled knowledge plus the fixture
 * articles (so the timeline runs to several pages), with reloadable knowledge and a
 * feedback database in a temporary directory.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/load/load.ts';
import { commands } from '../../src/discord/commands/index.ts';
import { registerCommands } from '../../src/discord/registration.ts';
import { FeedbackStore } from '../../src/feedback/store.ts';
import { createLogger } from '../../src/logger.ts';
import { LiveKnowledge } from '../../src/load/live.ts';
import { labelText } from '../../src/render/moderation.ts';
import { DEFAULT_MEMBER_PERMISSIONS, snowflake, type Json, type UserInput } from '../../testkit/fake-discord/index.ts';
import { BotHarness, type Reply } from './harness.ts';
import { plain } from '../render/markdown.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANAGE_GUILD = 1n << 5n;
const MODERATOR = { id: snowflake(), username: 'mod' };
const QUESTION = 'why did Albania cut ties with Iran?';
const OFF_TOPIC = 'who won the 1998 football world cup final?';

let dir: string;
let knowledgeDir: string;
let live: LiveKnowledge;
let feedback: FeedbackStore;
let h: BotHarness;
const knowledgeLog: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'factdesk-moderation-'));
  knowledgeDir = path.join(dir, 'knowledge');
  cpSync(path.join(ROOT, 'knowledge'), knowledgeDir, { recursive: true });
  const fixtures = path.join(ROOT, 'tests/fixtures/articles');
  for (const file of readdirSync(fixtures)) cpSync(path.join(fixtures, file), path.join(knowledgeDir, file));
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void knowledgeLog.push(line) } });
  live = await LiveKnowledge.open({ dir: knowledgeDir, load: (d) => loadKnowledge(d), logger });
  feedback = FeedbackStore.open(path.join(dir, 'data'));
  h = await BotHarness.start({ knowledge: live, feedback });
});

afterAll(async () => {
  await h?.stop();
  feedback?.close();
  live?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Embed = { title?: string; description: string; author?: { name: string }; footer?: { text: string } };

function embeds(data: Json): Embed[] {
  return data.embeds ?? [];
}

/** Buttons of a message payload, by label, with their state. */
function buttons(data: Json): Record<string, { id: string; disabled: boolean }> {
  const out: Record<string, { id: string; disabled: boolean }> = {};
  for (const row of data.components ?? []) for (const b of row.components ?? []) out[b.label] = { id: b.custom_id, disabled: b.disabled === true };
  return out;
}

/** The custom id of the first answer's 👍 or 👎 (labelled "👍 #1", or "👍" when there is one answer). */
function firstVote(reply: Reply, emoji: '👍' | '👎'): string {
  const b = reply.buttons();
  return (b[`${emoji} #1`] ?? b[emoji])!;
}

function asModerator(name: string, options: Record<string, string | number | boolean> = {}, extra: { guildId?: string | null } = {}): Json {
  return h.fake.slashCommand({ name, options, user: MODERATOR, permissions: DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD, ...extra });
}

function asMember(name: string, user: UserInput = { id: snowflake(), username: 'member' }): Json {
  return h.fake.slashCommand({ name, user, permissions: DEFAULT_MEMBER_PERMISSIONS });
}

describe('Find sources (message context menu)', () => {
  const claim = 'lol Albania kicked out the Iranian diplomats because of some hack?? @everyone <@123456789012345678>';

  async function findSources(content: string): Promise<{ reply: Reply; targetId: string }> {
    const payload = h.fake.messageContextMenu({ name: 'Find sources', targetMessage: { content, author: { id: snowflake(), username: 'claimant' } } });
    return { reply: await h.send(payload), targetId: payload.data.target_id };
  }

  it('shows the closest cited sentences with who said each, only to the moderator, and pings nobody', async () => {
    const knowledge = live.current;
    const expected = knowledge.engine.ask(claim, { limit: 3 }).answers;
    expect(expected.length).toBeGreaterThan(0);

    const { reply, targetId } = await findSources(claim);
    expect(reply.handled.outcome).toBe('found');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.content).toContain(`/${targetId})`);
    const shown = embeds(reply.data);
    expect(shown.map((e) => plain(e.description))).toEqual(expected.map((a) => a.text));
    expect(shown.map((e) => e.author?.name)).toEqual(expected.map((a) => labelText(knowledge.labels.get(a.id))));
    const b = reply.buttons();
    expect(Object.keys(b)).toContain('Post in channel');
    expect(b['Post in channel']!.length).toBeLessThanOrEqual(100);
  });

  it('"Post in channel" replies to the original message with those sentences, pinging no one, not even its author', async () => {
    const { reply, targetId } = await findSources(claim);
    const shownTexts = embeds(reply.data).map((e) => plain(e.description));
    const posted = await h.press(reply.buttons()['Post in channel']!, reply.message, MODERATOR);
    expect(posted.handled.outcome).toBe('posted');

    const request = h.fake.requests.filter((r) => r.method === 'POST' && r.route === `/channels/${h.fake.defaultChannelId}/messages`).at(-1)!;
    expect(request.status).toBe(200);
    expect(request.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(request.body.message_reference).toMatchObject({ message_id: targetId, channel_id: h.fake.defaultChannelId });
    const message = h.fake.channelMessages(h.fake.defaultChannelId).at(-1)!;
    expect(message.type).toBe(19); // a reply
    expect(message.message_reference.message_id).toBe(targetId);
    expect(message.embeds.map((e: Embed) => plain(e.description))).toEqual(shownTexts);
    for (const e of message.embeds as Embed[]) expect(e.author?.name).toMatch(/^(Reporting|Claim · .+)$/);
    expect(message.content).not.toMatch(/<@|@everyone/);

    // Acknowledged first (the post may take a while), then the private message becomes a
    // link to the reply, without the button.
    expect(posted.callback.callbackType).toBe(6);
    expect(posted.sent.kind).toBe('edit');
    expect(posted.sent.messageId).toBe(reply.message.id);
    expect(posted.data.content).toContain(message.id);
    expect(posted.data.components).toEqual([]);
  });

  it('refuses a Post button whose message no longer carries the sentences it was made for', async () => {
    const { reply } = await findSources(claim);
    const tampered = { ...reply.message, components: reply.message.components.slice(-1) }; // only the Post row left
    const before = h.fake.channelMessages(h.fake.defaultChannelId).length;
    const press = await h.press(reply.buttons()['Post in channel']!, tampered, MODERATOR);
    expect(press.handled.outcome).toBe('expired');
    expect(press.ephemeral).toBe(true);
    expect(h.fake.channelMessages(h.fake.defaultChannelId)).toHaveLength(before);
  });

  it('does not post for a member who may not send messages in the channel, even one who may post in threads', async () => {
    const cannotSend = DEFAULT_MEMBER_PERMISSIONS & ~(1n << 11n);
    for (const permissions of [cannotSend, cannotSend | (1n << 38n)]) {
      const { reply } = await findSources(claim);
      const button = h.fake.button({ customId: reply.buttons()['Post in channel']!, message: reply.message, user: MODERATOR, permissions });
      const press = await h.send(button);
      expect(press.handled.outcome).toBe('forbidden');
      expect(press.ephemeral).toBe(true);
    }
  });

  it('says so, privately and with no Post button, when the sources do not cover the message', async () => {
    const { reply } = await findSources(OFF_TOPIC);
    expect(reply.handled.outcome).toBe('abstained');
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.components ?? []).toEqual([]);
    expect(reply.data.content).toContain("The sources don't cover that.");
  });
});

describe('who said it', () => {
  it('labels every answer sentence in /ask: "Claim · <speaker>" (with "via <source>") or "Reporting"', async () => {
    const knowledge = live.current;
    for (const question of ['how did Iran react to the expulsion?', 'what did the Iranian Foreign Ministry deny?', QUESTION]) {
      const expected = knowledge.engine.ask(question, { limit: 3 }).answers;
      const reply = await h.ask({ question });
      expect(embeds(reply.data).map((e) => e.author?.name)).toEqual(expected.map((a) => labelText(knowledge.labels.get(a.id))));
    }
    const iran = await h.ask({ question: 'how did Iran react to the expulsion?' });
    const names = embeds(iran.data).map((e) => e.author?.name);
    expect(names).toContain('Claim · Iran · via Iranian state TV');
    const ministry = await h.ask({ question: 'what did the Iranian Foreign Ministry deny?' });
    expect(embeds(ministry.data)[0]!.author?.name).toBe('Claim · Iranian Foreign Ministry');
    const reported = await h.ask({ question: 'is it the first known case of a country cutting ties over a cyberattack?' });
    expect(embeds(reported.data)[0]!.author?.name).toBe('Reporting');
  });
});

describe('/timeline', () => {
  it('pages through every dated event in order with Prev/Next, turning the page in place for whoever ran it', async () => {
    const timeline = live.current.timeline;
    const first = await h.send(h.fake.slashCommand({ name: 'timeline', user: MODERATOR }));
    expect(first.handled.outcome).toBe('shown');
    expect(first.ephemeral).toBe(false);
    expect(first.data.allowed_mentions).toEqual({ parse: [] });
    const firstEmbed = embeds(first.data)[0]!;
    expect(firstEmbed.title).toBe(`Timeline · ${timeline.length} dated events`);
    const pageCount = Number(/Page 1 of (\d+)/.exec(firstEmbed.footer!.text)?.[1]);
    expect(pageCount).toBeGreaterThan(1);
    expect(buttons(first.data).Prev!.disabled).toBe(true);
    expect(buttons(first.data).Next!.disabled).toBe(false);

    const pages = [first.data];
    let message = first.message;
    for (let page = 2; page <= pageCount; page++) {
      const next = await h.press(buttons(pages.at(-1)).Next!.id, message, MODERATOR);
      expect(next.handled.outcome).toBe('paged');
      expect(next.callback.callbackType).toBe(7); // the same message, updated
      expect(next.message.id).toBe(first.message.id);
      expect(embeds(next.data)[0]!.footer!.text).toContain(`Page ${page} of ${pageCount}`);
      pages.push(next.data);
      message = next.message;
    }
    expect(buttons(pages.at(-1)).Next!.disabled).toBe(true);
    expect(buttons(pages.at(-1)).Prev!.disabled).toBe(false);

    // Every event, once, in timeline order, across the pages.
    const text = pages.map((p) => plain(embeds(p)[0]!.description)).join('\n\n');
    let from = 0;
    for (const event of timeline) {
      const at = text.indexOf(event.text, from);
      expect(at, event.text).toBeGreaterThanOrEqual(0);
      from = at;
    }

    const back = await h.press(buttons(pages.at(-1)).Prev!.id, message, MODERATOR);
    expect(embeds(back.data)[0]!.footer!.text).toContain(`Page ${pageCount - 1} of ${pageCount}`);
  });

  it('shows someone else the page privately instead of turning the shared one', async () => {
    const first = await h.send(h.fake.slashCommand({ name: 'timeline', user: MODERATOR }));
    const other = await h.press(buttons(first.data).Next!.id, first.message, { id: snowflake(), username: 'reader' });
    expect(other.handled.outcome).toBe('paged-privately');
    expect(other.callback.callbackType).toBe(4);
    expect(other.ephemeral).toBe(true);
    expect(embeds(other.data)[0]!.footer!.text).toContain('Page 2 of');
    expect(h.fake.message(first.message.id)!.embeds[0].footer.text).toContain('Page 1 of');
  });

  it('answers privately with private:true', async () => {
    const reply = await h.send(h.fake.slashCommand({ name: 'timeline', options: { private: true } }));
    expect(reply.ephemeral).toBe(true);
  });
});

describe('feedback and /gaps', () => {
  it('stores a 👎 click and a question the sources did not answer, and /gaps shows both for this server only', async () => {
    const answer = await h.ask({ question: QUESTION });
    expect(answer.handled.outcome).toBe('answered');
    const b = answer.buttons();
    expect(Object.keys(b)).toEqual(expect.arrayContaining(['👍 #1', '👎 #1', 'Context #1']));
    const downvoted = live.current.engine.ask(QUESTION, { limit: 1 }).answers[0]!;

    const voters = [snowflake(), snowflake()];
    for (const id of voters) {
      const vote = await h.press(b['👎 #1']!, answer.message, { id, username: 'voter' });
      expect(vote.handled.outcome).toBe('voted-down');
      expect(vote.ephemeral).toBe(true);
      expect(vote.data.allowed_mentions).toEqual({ parse: [] });
    }
    // The same member voting again replaces their vote instead of adding one.
    await h.press(b['👎 #1']!, answer.message, { id: voters[0]!, username: 'voter' });

    for (let i = 0; i < 3; i++) expect((await h.ask({ question: OFF_TOPIC })).handled.outcome).toBe('abstained');

    const gaps = await h.send(asModerator('gaps'));
    expect(gaps.handled.outcome).toBe('shown');
    expect(gaps.ephemeral).toBe(true);
    const [unanswered, worst] = embeds(gaps.data);
    expect(plain(unanswered!.description)).toContain(`${OFF_TOPIC} — asked 3×`);
    expect(plain(worst!.description)).toContain('👎 2 · 👍 0');
    expect(plain(worst!.description)).toContain(downvoted.text.slice(0, 80));
    expect(plain(worst!.description)).toContain(`asked as: ${QUESTION}`);

    const elsewhere = await h.send(asModerator('gaps', {}, { guildId: snowflake() }));
    expect(plain(embeds(elsewhere.data)[0]!.description)).not.toContain(OFF_TOPIC);
    expect(plain(embeds(elsewhere.data)[1]!.description)).not.toContain('👎 2');
  });

  it("does not let a vote button from one server's answer put its question into another server's /gaps", async () => {
    const question = 'when did the Iranian diplomats leave the embassy in Tirana?';
    const answer = await h.ask({ question });
    const downvote = answer.buttons()['👎 #1']!;
    const elsewhere = snowflake();
    const pressed = await h.send(
      h.fake.button({ customId: downvote, message: { ...answer.message, guild_id: elsewhere }, guildId: elsewhere, user: { id: snowflake(), username: 'stranger' } }),
    );
    expect(pressed.handled.outcome).toBe('expired');
    expect(pressed.ephemeral).toBe(true);
    const gaps = await h.send(asModerator('gaps', {}, { guildId: elsewhere }));
    expect(plain(embeds(gaps.data)[1]!.description)).not.toContain(question);
    expect(feedback.mostDownvoted(30, 10, elsewhere)).toEqual([]);
  });

  it('refuses a vote button moved onto a message that shows another question', async () => {
    const answer = await h.ask({ question: 'when did the Iranian diplomats leave the embassy in Tirana?' });
    const other = await h.ask({ question: 'how did Iran react to the expulsion?' });
    const pressed = await h.press(answer.buttons()['👎 #1']!, other.message, { id: snowflake(), username: 'mover' });
    expect(pressed.handled.outcome).toBe('expired');
  });

  it('keeps one member’s votes on the same question in two servers apart', async () => {
    const question = 'what did the Iranian Foreign Ministry deny?';
    const member = { id: snowflake(), username: 'traveller' };
    const there = snowflake();
    const here = await h.ask({ question });
    const away = await h.send(h.fake.slashCommand({ name: 'ask', options: { question }, guildId: there }));
    expect((await h.press(firstVote(here, '👎'), here.message, member)).handled.outcome).toBe('voted-down');
    const awayVote = h.fake.button({ customId: firstVote(away, '👍'), message: away.message, guildId: there, user: member });
    expect((await h.send(awayVote)).handled.outcome).toBe('voted-up');
    await h.bot.ctx.feedback?.whenIdle();
    const sentence = live.current.engine.ask(question, { limit: 1 }).answers[0]!.id;
    expect(feedback.mostDownvoted(30, 10, h.fake.defaultGuildId).find((d) => d.answerId === sentence)).toMatchObject({ down: 1 });
    expect(feedback.mostDownvoted(30, 10, there)).toEqual([]);
  });

  it('records each /ask question with its guild, answer ids and abstained flag, and nothing else', () => {
    const unanswered = feedback.topUnanswered(30, 10, h.fake.defaultGuildId);
    expect(unanswered.map((q) => q.question)).toContain(OFF_TOPIC);
    const stored = feedback.getQuestion(1)!;
    expect(Object.keys(stored).sort()).toEqual(['abstained', 'answerIds', 'askedAt', 'guildId', 'id', 'question']);
    expect(stored.guildId).toBe(h.fake.defaultGuildId);
  });
});

describe('moderator commands need Manage Server', () => {
  it('registers /gaps, /reload and /status with default_member_permissions Manage Server, for servers only', async () => {
    await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, apiUrl: h.fake.apiBase, commands });
    for (const name of ['gaps', 'reload', 'status']) {
      const registered = h.fake.commands().find((c) => c.name === name)!;
      expect(registered.default_member_permissions).toBe(MANAGE_GUILD.toString());
      expect(registered.contexts).toEqual([0]);
    }
    for (const name of ['ask', 'timeline', 'sources']) {
      expect(h.fake.commands().find((c) => c.name === name)!.default_member_permissions ?? null).toBeNull();
    }
  });

  it('refuses /gaps, /reload and /status at run time to a member without it (and in direct messages)', async () => {
    const version = live.current.version;
    for (const name of ['gaps', 'reload', 'status']) {
      const reply = await h.send(asMember(name));
      expect(reply.handled.outcome).toBe('forbidden');
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content).toContain('Manage Server');
      expect(reply.data.embeds ?? []).toEqual([]);

      const dm = await h.send(h.fake.slashCommand({ name, guildId: null }));
      expect(dm.handled.outcome).toBe('forbidden');
    }
    expect(live.current.version).toBe(version);
    expect(knowledgeLog.some((l) => l.includes('knowledge-reload'))).toBe(false);
  });
});

describe('/reload', () => {
  const broken = () => path.join(knowledgeDir, 'broken.md');
  const added = () => path.join(knowledgeDir, 'bridge.md');
  const NEW_QUESTION = 'When did the Zephyr Bridge over the Lanta River open?';

  it('keeps answering from the last good sources when a file is broken, and names the file and field', async () => {
    const before = await h.ask({ question: QUESTION });
    const version = live.current.version;
    writeFileSync(broken(), '---\nid: broken-article\ntitle: A broken article\nurl: www.example.org/story\n---\n\nSome text.\n');
    try {
      const reply = await h.send(asModerator('reload'));
      expect(reply.handled.outcome).toBe('failed');
      expect(reply.callback.callbackType).toBe(5); // deferred: reloading may take a while
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content).toContain('Not reloaded');
      expect(reply.data.content).toContain('broken.md');
      expect(reply.data.content).toContain('field `url`');
      expect(live.current.version).toBe(version);

      const after = await h.ask({ question: QUESTION });
      expect(embeds(after.data).map((e) => e.description)).toEqual(embeds(before.data).map((e) => e.description));
      const logged = knowledgeLog.map((l) => JSON.parse(l)).find((l) => l.event === 'knowledge-reload' && l.outcome === 'failed');
      expect(logged).toMatchObject({ trigger: 'command', by: MODERATOR.id, problems: [{ field: 'url' }] });
      expect(logged.problems[0].file).toContain('broken.md');
    } finally {
      unlinkSync(broken());
    }
  });

  it('swaps in a valid change: new answers, labels and timeline events, and says what changed', async () => {
    const before = await h.ask({ question: NEW_QUESTION });
    expect(before.handled.outcome).toBe('abstained');
    const events = live.current.timeline.length;
    writeFileSync(
      added(),
      [
        '---',
        'id: zephyr-bridge',
        'title: Zephyr Bridge opens to traffic after six years of works',
        'published: 2023-05-04',
        'publisher: Valley Courier',
        '---',
        '',
        'The Zephyr Bridge over the Lanta River opened to traffic on Wednesday, six years after works began.',
        '',
        'The bridge is a waste of public money, opposition leader Mara Quint said.',
        '',
      ].join('\n'),
    );
    const reply = await h.send(asModerator('reload'));
    expect(reply.handled.outcome).toBe('reloaded');
    expect(reply.data.content).toContain('Reloaded');
    expect(reply.data.content).toContain('Added: `zephyr-bridge`');

    const after = await h.ask({ question: NEW_QUESTION });
    expect(after.handled.outcome).toBe('answered');
    expect(plain(embeds(after.data)[0]!.description)).toBe('The Zephyr Bridge over the Lanta River opened to traffic on Wednesday, six years after works began.');
    expect(embeds(after.data)[0]!.author?.name).toBe('Reporting');
    const claim = await h.ask({ question: 'what did Mara Quint say about the bridge?' });
    expect(embeds(claim.data)[0]!.author?.name).toBe('Claim · opposition leader Mara Quint');
    expect(live.current.timeline.length).toBeGreaterThan(events);
    expect(live.current.timeline.some((e) => e.sentenceId === 'zephyr-bridge:1.1' && e.date === '2023-05-03')).toBe(true);

    const logged = knowledgeLog.map((l) => JSON.parse(l)).find((l) => l.event === 'knowledge-reload' && l.outcome === 'reloaded');
    expect(logged).toMatchObject({ trigger: 'command', added: ['zephyr-bridge'], changed: [], removed: [] });
  });
});
