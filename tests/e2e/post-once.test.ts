/**
 * "Post in channel" under Find sources posts once per button, however it is pressed: a
 * double click, a second press while the channel is rate limited, a post that takes longer
 * than Discord's 3 seconds (which FakeDiscord enforces here). And the member is told what
 * happened: a post that went out late is reported as posted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness, type Reply } from './harness.ts';

const CLAIM = 'Albania kicked out the Iranian diplomats because of some hack';
const MODERATOR = { id: snowflake(), username: 'mod' };

let h: BotHarness;

beforeEach(async () => {
  const fake = new FakeDiscord({ interactionDeadlineMs: 3000 });
  await fake.start();
  h = await BotHarness.start({ fake });
});

afterEach(async () => {
  await h?.stop();
  await h?.fake.stop();
});

async function findSources(): Promise<Reply> {
  const reply = await h.send(h.fake.messageContextMenu({ name: 'Find sources', targetMessage: { content: CLAIM, author: { id: snowflake(), username: 'claimant' } } }));
  expect(reply.handled.outcome).toBe('found');
  return reply;
}

function posts(): number {
  return h.fake.channelMessages(h.fake.defaultChannelId).length;
}

/** What the member finally sees on their private Find sources message. */
function shownTo(reply: Reply): string {
  return h.fake.message(reply.message.id)!.content;
}

describe('Post in channel', () => {
  it('posts once when the button is pressed twice at once', async () => {
    const found = await findSources();
    const button = found.buttons()['Post in channel']!;
    const presses = [0, 1].map(() => h.fake.sendInteraction(h.fake.button({ customId: button, message: found.message, user: MODERATOR })).id);
    const handled = await Promise.all(presses.map((id) => h.settled(id)));
    expect(posts()).toBe(1);
    expect(handled.map((x) => x.outcome).sort()).toEqual(['already-posted', 'posted']);
    const posted = h.fake.channelMessages(h.fake.defaultChannelId)[0]!;
    expect(shownTo(found)).toContain(posted.id);
  });

  it('reports a post that took longer than 3 s as posted, and a press meanwhile does not post again', async () => {
    const found = await findSources();
    const button = found.buttons()['Post in channel']!;
    h.fake.rateLimit({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { retryAfter: 3.5 });
    const first = h.fake.sendInteraction(h.fake.button({ customId: button, message: found.message, user: MODERATOR })).id;
    // The second press comes while the first waits out the rate limit.
    await h.fake.waitFor((r) => r.status === 429);
    const second = h.fake.sendInteraction(h.fake.button({ customId: button, message: found.message, user: MODERATOR })).id;
    const [a, b] = await Promise.all([h.settled(first), h.settled(second)]);
    expect(a.outcome).toBe('posted');
    expect(b.outcome).toBe('already-posted');
    expect(posts()).toBe(1);
    const posted = h.fake.channelMessages(h.fake.defaultChannelId)[0]!;
    expect(shownTo(found)).toContain(posted.id);
    // Nothing was refused as late.
    expect(h.fake.requests.filter((r) => r.status === 404)).toEqual([]);
    // And a press after it went out says where it is instead of posting again.
    const third = await h.press(button, found.message, MODERATOR);
    expect(third.handled.outcome).toBe('already-posted');
    expect(posts()).toBe(1);
  });

  it('tells the member when Discord refuses the post, and lets the button be pressed again', async () => {
    const found = await findSources();
    const button = found.buttons()['Post in channel']!;
    h.fake.addFault({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403, body: { message: 'Missing Access', code: 50001 } });
    const refused = await h.press(button, found.message, MODERATOR);
    expect(refused.handled.outcome).toBe('no-permission');
    expect(refused.sent.kind).toBe('followUp');
    expect(refused.ephemeral).toBe(true);
    expect(refused.data.content).toContain('I cannot reply in this channel');
    expect(posts()).toBe(0);
    // The private message keeps its button, and the next press posts.
    expect(h.fake.message(found.message.id)!.components).not.toEqual([]);
    expect((await h.press(button, found.message, MODERATOR)).handled.outcome).toBe('posted');
    expect(posts()).toBe(1);
  });
});
