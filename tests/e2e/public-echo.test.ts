/**
 * A public answer echoes the member's question in the channel: a member who may not send
 * messages there (a muted member, a read-only channel) gets their answer privately instead,
 * so the bot does not speak for them where they cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, Permission, snowflake } from '../../testkit/fake-discord/index.ts';
import { BotHarness } from './harness.ts';

const QUESTION = 'why did Albania cut ties with Iran?';
const CANNOT_SEND = DEFAULT_MEMBER_PERMISSIONS & ~Permission.SendMessages;

let h: BotHarness;
beforeAll(async () => {
  h = await BotHarness.start();
});
afterAll(async () => {
  await h?.stop();
});

describe('answers of a member who may not send messages in the channel', () => {
  it('answers /ask privately for a member without Send Messages, even one who may post in threads', async () => {
    for (const permissions of [CANNOT_SEND, CANNOT_SEND | Permission.SendMessagesInThreads]) {
      const reply = await h.send(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION }, user: { id: snowflake() }, permissions }));
      expect(reply.handled.outcome).toBe('answered');
      expect(reply.ephemeral).toBe(true);
    }
  });

  it('answers /sources and /timeline privately too', async () => {
    for (const name of ['sources', 'timeline']) {
      const reply = await h.send(h.fake.slashCommand({ name, user: { id: snowflake() }, permissions: CANNOT_SEND }));
      expect(reply.ephemeral, name).toBe(true);
    }
  });

  it('still answers publicly a member who may send messages', async () => {
    const reply = await h.send(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION }, user: { id: snowflake() } }));
    expect(reply.ephemeral).toBe(false);
  });
});
