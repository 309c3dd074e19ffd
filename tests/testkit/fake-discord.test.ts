/**
 * Proves FakeDiscord against a bare discord.js Client: REST, gateway handshake, resume,
 * re-identify, rate limits and the interaction builders.
 */
import { EventEmitter, once } from 'node:events';
import { Client, DiscordAPIError, DiscordjsErrorCodes, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from '../../testkit/fake-discord/index.ts';

let fake: FakeDiscord;
let client: Client | undefined;
/** Errors thrown inside interaction handlers; asserted empty where handlers should succeed. */
let handlerErrors: unknown[];
/** Outcome of each handler run by interaction id (`null` = succeeded), plus an event per settle. */
let handlerOutcomes: Map<string, unknown>;
let handlerEvents: EventEmitter;

/**
 * Resolves with the error the handler for this interaction threw (undefined if it succeeded).
 * Client-side outcomes must be awaited via events like this: FakeDiscord's waits only re-check
 * when something changes on the fake's side.
 */
function handlerSettled(interactionId: string): Promise<unknown> {
  if (handlerOutcomes.has(interactionId)) return Promise.resolve(handlerOutcomes.get(interactionId) ?? undefined);
  return new Promise((resolve) => {
    const listener = (id: string) => {
      if (id !== interactionId) return;
      handlerEvents.off('settled', listener);
      resolve(handlerOutcomes.get(id) ?? undefined);
    };
    handlerEvents.on('settled', listener);
  });
}

type Handler = (interaction: Interaction) => Promise<unknown>;

const replyPong: Handler = async (interaction) => {
  if (interaction.isChatInputCommand()) {
    await interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
  }
};

async function startFake(options: FakeDiscordOptions = {}): Promise<void> {
  fake = new FakeDiscord(options);
  await fake.start();
}

function makeClient(handler: Handler = replyPong): Client {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase, offset: 0 },
    // Skip the 5 s identify throttle between sessions.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    waitGuildTimeout: 200,
  });
  c.on(Events.InteractionCreate, (interaction) => {
    const settle = (error: unknown) => {
      if (error !== null) handlerErrors.push(error);
      handlerOutcomes.set(interaction.id, error);
      handlerEvents.emit('settled', interaction.id);
    };
    handler(interaction).then(() => settle(null), settle);
  });
  client = c;
  return c;
}

async function loginAndWaitReady(c: Client, token = fake.token): Promise<void> {
  const ready = once(c, Events.ClientReady);
  await c.login(token);
  await ready;
}

beforeEach(async () => {
  handlerErrors = [];
  handlerOutcomes = new Map();
  handlerEvents = new EventEmitter();
  await startFake();
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.stop();
});

describe('FakeDiscord with a real discord.js client', () => {
  it('logs in: /gateway/bot with the bot token, IDENTIFY, READY', async () => {
    const c = makeClient();
    await loginAndWaitReady(c);

    expect(c.user?.id).toBe(fake.botUserId);
    expect(c.application?.id).toBe(fake.applicationId);
    expect(fake.identifyCount).toBe(1);
    const gatewayBot = await fake.waitFor((r) => r.route === '/gateway/bot');
    expect(gatewayBot.headers.authorization).toBe(`Bot ${fake.token}`);
    const identify = await fake.waitForGatewayPayload((p) => p.op === 2);
    expect(identify.d.shard).toEqual([0, 1]);
    expect(identify.d.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('records the reply to a slash command', async () => {
    await loginAndWaitReady(makeClient());

    const { id, token } = fake.sendInteraction(fake.slashCommand({ name: 'ping', options: { query: 'hello' } }));
    const response = await fake.waitForResponse(id);

    expect(response.callbackType).toBe(4);
    expect(response.content).toBe('pong');
    expect(response.data.allowed_mentions).toEqual({ parse: [] });
    expect(response.request.path).toBe(`/api/v10/interactions/${id}/${token}/callback`);
    expect(response.request.headers.authorization).toBeUndefined();
    expect(response.request.status).toBe(204);
    expect(fake.originalMessage(id)?.content).toBe('pong');
    expect(fake.interactionLog(token)).toHaveLength(1);
    expect(handlerErrors).toEqual([]);
  });

  it('waits out a 429 on the callback and answers exactly once', async () => {
    await loginAndWaitReady(makeClient());
    const rule = fake.rateLimit({ method: 'POST', path: /^\/interactions\/[^/]+\/[^/]+\/callback$/ }, { retryAfter: 0.2 });

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    await fake.waitForResponse(id);

    const attempts = fake.requests.filter((r) => r.route.startsWith(`/interactions/${id}/`));
    expect(rule.fired).toBe(1);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.response).toMatchObject({ retry_after: 0.2 });
    // Retry-After was honoured (offset 0), with a little slack for timer granularity.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(190);
    expect(fake.interactionLog(id).filter((e) => e.kind === 'callback')).toHaveLength(1);
    expect(handlerErrors).toEqual([]);
  });

  it('retries a 500 and succeeds', async () => {
    await loginAndWaitReady(makeClient());
    const rule = fake.serverError({ path: /\/callback$/ }, { times: 2 });

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    await fake.waitForResponse(id);

    expect(rule.fired).toBe(2);
    expect(fake.requests.filter((r) => r.route.endsWith('/callback')).map((r) => r.status)).toEqual([500, 500, 204]);
    expect(handlerErrors).toEqual([]);
  });

  it('resumes after a 4000 close and still answers later dispatches', async () => {
    const c = makeClient();
    await loginAndWaitReady(c);

    fake.closeSocket(4000);
    await fake.waitForResumed();
    expect(fake.identifyCount).toBe(1);
    expect(fake.resumeCount).toBe(1);
    expect(fake.connectionPaths).toEqual(['/gateway-resume']);
    const resume = await fake.waitForGatewayPayload((p) => p.op === 6);
    expect(resume.d).toMatchObject({ token: fake.token, seq: 1 });

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    expect((await fake.waitForResponse(id)).content).toBe('pong');
    expect(handlerErrors).toEqual([]);
  });

  it('replays a dispatch sent while disconnected once the client resumes', async () => {
    await loginAndWaitReady(makeClient());

    fake.closeSocket(4000);
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    await fake.waitForResumed();

    expect((await fake.waitForResponse(id)).content).toBe('pong');
    expect(fake.identifyCount).toBe(1);
  });

  it('resumes after op 7 reconnect', async () => {
    await loginAndWaitReady(makeClient());

    fake.sendReconnect();
    await fake.waitForResumed();

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    expect((await fake.waitForResponse(id)).content).toBe('pong');
    expect(fake.identifyCount).toBe(1);
  });

  it('identifies again after a non-resumable op 9', async () => {
    await loginAndWaitReady(makeClient());

    fake.sendInvalidSession(false);
    await fake.waitForReady({ count: 2 });
    expect(fake.identifyCount).toBe(2);
    expect(fake.resumeCount).toBe(0);

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    expect((await fake.waitForResponse(id)).content).toBe('pong');
  });

  it('acks heartbeats, and a client whose heartbeats go unacked resumes', async () => {
    await fake.stop();
    await startFake({ heartbeatIntervalMs: 40 });
    await loginAndWaitReady(makeClient());
    // The first heartbeat comes after a random fraction of the interval, then every interval.
    await fake.waitUntil(() => fake.gatewayStats.heartbeats >= 3);
    expect(fake.resumeCount).toBe(0);

    fake.ackHeartbeats = false;
    await fake.waitForResumed();
    fake.ackHeartbeats = true;
    expect(fake.identifyCount).toBe(1);
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    expect((await fake.waitForResponse(id)).content).toBe('pong');
  });

  it("serves every shard with shards: 'auto' and routes guild events by guild id", async () => {
    await fake.stop();
    await startFake({ shards: 2 });
    const c = new Client({
      intents: [GatewayIntentBits.Guilds],
      shards: 'auto',
      rest: { api: fake.apiBase, offset: 0 },
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
      waitGuildTimeout: 200,
    });
    client = c;
    const shardOf = new Map<string, number>();
    c.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) interaction.reply('pong').catch((error: unknown) => handlerErrors.push(error));
    });
    c.on(Events.Raw, (packet: { t?: string; d?: { id?: string } }, shardId: number) => {
      if (packet.t === 'INTERACTION_CREATE' && packet.d?.id) shardOf.set(packet.d.id, shardId);
    });
    await loginAndWaitReady(c);
    expect(fake.identifyCount).toBe(2);

    // A guild id's shard is (id >> 22) % shardCount; pick one per shard.
    const base = BigInt(fake.defaultGuildId) >> 22n;
    for (const shard of [0, 1]) {
      const guildId = ((base - (base % 2n) + BigInt(shard)) << 22n).toString();
      const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping', guildId }));
      await fake.waitForResponse(id);
      expect(shardOf.get(id)).toBe(shard);
    }
    expect(handlerErrors).toEqual([]);
  });

  it('rejects login with a wrong token', async () => {
    const c = makeClient();
    await expect(c.login('not-the-token')).rejects.toMatchObject({ code: DiscordjsErrorCodes.TokenInvalid });
    const gatewayBot = await fake.waitFor((r) => r.route === '/gateway/bot');
    expect(gatewayBot.status).toBe(401);
    expect(fake.identifyCount).toBe(0);
  });

  it('closes with 4004 when IDENTIFY carries a wrong token, and login rejects', async () => {
    // Let /gateway/bot through despite the bad token so the client reaches IDENTIFY.
    fake.addFault({
      path: /^\/gateway\/bot$/,
      status: 200,
      body: {
        url: fake.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      },
    });
    const c = makeClient();
    await expect(c.login('not-the-token')).rejects.toThrow('Authentication failed');
    expect(fake.identifyCount).toBe(1);
    expect(fake.gatewayStats.readies).toBe(0);
  });
});

describe('FakeDiscord REST behaviour', () => {
  it('defers, edits, and turns the first follow-up after a defer into an edit', async () => {
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.followUp({ content: 'first' });
        await interaction.followUp({ content: 'second' });
        await interaction.editReply({ content: 'edited' });
      }),
    );

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask' }));
    await fake.waitForInteractionEvent(id, (e) => e.kind === 'edit');

    const log = fake.interactionLog(id);
    expect(log.map((e) => [e.kind, e.content])).toEqual([
      ['callback', undefined],
      ['followUp', 'first'],
      ['followUp', 'second'],
      ['edit', 'edited'],
    ]);
    expect(log[1]?.messageId).toBe(log[0]?.messageId);
    expect(fake.originalMessage(id)).toMatchObject({ content: 'edited', flags: MessageFlags.Ephemeral });
    expect(fake.followUps(id).map((m) => m.content)).toEqual(['second']);
    expect(handlerErrors).toEqual([]);
  });

  it('answers a second reply with 40060 already acknowledged', async () => {
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply('one');
        // Bypass discord.js's own "already replied" guard to reach the API.
        await interaction.client.rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        });
      }),
    );

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    const error = await handlerSettled(id);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
    expect(fake.interactionLog(id)).toHaveLength(1);
  });

  it('rejects content over 2000 characters with Invalid Form Body', async () => {
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply('x'.repeat(2001));
      }),
    );
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    expect(await handlerSettled(id)).toMatchObject({ code: 50035, status: 400 });
    expect(fake.interactionLog(id)).toEqual([]);
  });

  it('returns the callback resource with withResponse', async () => {
    let messageContent: string | undefined;
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const response = await interaction.reply({ content: 'hi', withResponse: true });
        messageContent = response.resource?.message?.content;
      }),
    );
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    const event = await fake.waitForResponse(id);
    expect(event.request.status).toBe(200);
    expect(event.request.response.resource.message.content).toBe('hi');
    expect(await handlerSettled(id)).toBeUndefined();
    expect(messageContent).toBe('hi');
  });

  it('extracts payload_json and records files from multipart uploads', async () => {
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply({ content: 'file', files: [{ attachment: Buffer.from('hello'), name: 'a.txt' }] });
      }),
    );
    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping' }));
    const event = await fake.waitForResponse(id);
    expect(event.content).toBe('file');
    expect(event.request.files).toMatchObject([{ field: 'files[0]', filename: 'a.txt', size: 5 }]);
    expect(fake.originalMessage(id)?.attachments).toMatchObject([{ filename: 'a.txt', size: 5 }]);
  });

  it('stores application commands and reuses their ids in interactions', async () => {
    const c = makeClient();
    await loginAndWaitReady(c);
    const registered = await c.application!.commands.set([{ name: 'ask', description: 'Ask a question' }]);
    const command = registered.first()!;
    expect(fake.commands()).toMatchObject([{ id: command.id, name: 'ask' }]);

    await c.application!.commands.set([{ name: 'ask', description: 'Ask again' }], fake.defaultGuildId);
    expect(fake.commands(fake.defaultGuildId)).toHaveLength(1);
    expect(fake.slashCommand({ name: 'ask' }).data).toMatchObject({ guild_id: fake.defaultGuildId });

    const bad = c.application!.commands.set([{ name: 'Bad Name', description: 'x' }]);
    await expect(bad).rejects.toMatchObject({ code: 50035 });
  });

  it('posts channel messages and 404s unknown routes', async () => {
    const c = makeClient();
    await loginAndWaitReady(c);
    const channelId = fake.defaultChannelId;
    const message = await c.rest.post(`/channels/${channelId}/messages`, { body: { content: 'hello' } });
    expect(message).toMatchObject({ channel_id: channelId, content: 'hello', author: { id: fake.botUserId } });
    expect(fake.channelMessages(channelId).map((m) => m.content)).toEqual(['hello']);

    await expect(c.rest.get('/nothing/here')).rejects.toMatchObject({ status: 404, code: 0 });
  });
});

describe('FakeDiscord interaction builders', () => {
  it('delivers guild interactions with a cached guild, channel and member', async () => {
    await fake.stop();
    await startFake({ withDefaultGuild: true });
    const seen: Interaction[] = [];
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        seen.push(interaction);
        if (interaction.isChatInputCommand()) await interaction.reply('ok');
      }),
    );

    const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ping', locale: 'de' }));
    await fake.waitForResponse(id);
    const interaction = seen[0]!;
    expect(interaction.guild?.name).toBe('Factdesk Test Guild');
    expect(interaction.channel?.id).toBe(fake.defaultChannelId);
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.locale).toBe('de');
  });

  it('produces autocomplete, button, select, context menu and modal interactions discord.js accepts', async () => {
    const seen: string[] = [];
    await loginAndWaitReady(
      makeClient(async (interaction) => {
        if (interaction.isAutocomplete()) {
          seen.push(`autocomplete:${interaction.options.getFocused(true).name}`);
          await interaction.respond([{ name: 'Choice', value: 'choice' }]);
        } else if (interaction.isButton()) {
          seen.push(`button:${interaction.customId}`);
          await interaction.update({ content: 'updated' });
        } else if (interaction.isStringSelectMenu()) {
          seen.push(`select:${interaction.values.join(',')}`);
          await interaction.deferUpdate();
        } else if (interaction.isMessageContextMenuCommand()) {
          seen.push(`message:${interaction.targetMessage.content}`);
          await interaction.reply('noted');
        } else if (interaction.isUserContextMenuCommand()) {
          seen.push(`user:${interaction.targetUser.username}`);
          await interaction.reply('noted');
        } else if (interaction.isModalSubmit()) {
          seen.push(`modal:${interaction.fields.getTextInputValue('q')}`);
          await interaction.reply('thanks');
        } else if (interaction.isChatInputCommand()) {
          seen.push(`slash:${interaction.options.getSubcommand()}:${interaction.options.getInteger('n')}`);
          await interaction.showModal({
            custom_id: 'm',
            title: 'Ask',
            components: [{ type: 1, components: [{ type: 4, custom_id: 'q', label: 'Q', style: 1 }] }],
          });
        }
      }),
    );

    const sent = [
      fake.sendInteraction(fake.autocomplete({ name: 'ask', options: { topic: 'fl' }, focused: 'topic' })),
      fake.sendInteraction(fake.button({ customId: 'more', message: { content: 'original' } })),
      fake.sendInteraction(fake.selectMenu({ customId: 'pick', values: ['a', 'b'] })),
      fake.sendInteraction(fake.messageContextMenu({ name: 'Check', targetMessage: { content: 'claim' } })),
      fake.sendInteraction(fake.userContextMenu({ name: 'Who', targetUser: { username: 'alice' }, guildId: null })),
      fake.sendInteraction(fake.modalSubmit({ customId: 'm', fields: { q: 'why?' } })),
      fake.sendInteraction(fake.slashCommand({ name: 'ask', subcommand: 'count', options: { n: 3 } })),
    ];
    const responses = await Promise.all(sent.map(({ id }) => fake.waitForResponse(id)));

    expect(responses.map((r) => r.callbackType)).toEqual([8, 7, 6, 4, 4, 4, 9]);
    expect(responses[0]?.data.choices).toEqual([{ name: 'Choice', value: 'choice' }]);
    expect(fake.originalMessage(sent[1]!.id)?.content).toBe('updated');
    expect(seen.sort()).toEqual(['autocomplete:topic', 'button:more', 'message:claim', 'modal:why?', 'select:a,b', 'slash:count:3', 'user:alice'].sort());
    expect(handlerErrors).toEqual([]);
  });
});
