/**
 * Runs the real bot (discord.js client, router, commands, engine on the bundled
 * `knowledge/`) against FakeDiscord on 127.0.0.1, and gives tests short ways to ask,
 * press buttons and read what the bot sent.
 */
import { EventEmitter, once } from 'node:events';
import { Events } from 'discord.js';
import { loadKnowledge } from '../../src/load/load.ts';
import { createBot, type Bot, type BotOptions } from '../../src/discord/bot.ts';
import type { HandledInteraction } from '../../src/discord/router.ts';
import { createLogger } from '../../src/logger.ts';
import { staticKnowledge, type KnowledgeSource } from '../../src/load/live.ts';
import type { KnowledgeSnapshot } from '../../src/load/snapshot.ts';
import type { AnswerEngine } from '../../src/search/engine.ts';
import { FakeDiscord, type FakeMessage, type InteractionEvent, type Json, type UserInput } from '../../testkit/fake-discord/index.ts';

let shared: Promise<KnowledgeSnapshot> | undefined;

/** The real knowledge base, loaded once per test file. */
export function sharedKnowledge(): Promise<KnowledgeSnapshot> {
  return (shared ??= loadKnowledge('knowledge'));
}

/** The engine on the real knowledge base, built once per test file. */
export async function sharedEngine(): Promise<AnswerEngine> {
  return (await sharedKnowledge()).engine;
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: Json;
}

export interface HarnessOptions {
  cooldown?: { questions: number; seconds: number };
  defer?: BotOptions['defer'];
  /** Reuse a running fake (to restart the bot against the same Discord). */
  fake?: FakeDiscord;
  commands?: BotOptions['commands'];
  components?: BotOptions['components'];
  /** Reloadable knowledge instead of the shared engine on `knowledge/`. */
  knowledge?: KnowledgeSource;
  /** A feedback store (questions and votes: SQLite or PostgreSQL); none by default. */
  feedback?: BotOptions['feedback'];
  feedbackQueue?: BotOptions['feedbackQueue'];
  /** Fetch options for `/sources add` (to let it reach a page server on 127.0.0.1). */
  importFetch?: BotOptions['importFetch'];
}

export interface AskInput {
  question: string;
  private?: boolean;
  /** The article asked (its id). */
  source?: string;
  /** The member the answer is for. */
  mention?: UserInput & { id: string };
  /** Who asks (default: the fake's default user). */
  user?: UserInput;
}

const ASKER: UserInput = {};

export class BotHarness {
  private readonly handled = new Map<string, HandledInteraction>();
  private readonly handledEvents = new EventEmitter();

  private constructor(
    readonly fake: FakeDiscord,
    readonly bot: Bot,
    private readonly ownsFake: boolean,
    /** Raw JSON log lines the bot wrote. */
    readonly logLines: string[],
  ) {
    this.handledEvents.setMaxListeners(0);
  }

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const fake = options.fake ?? new FakeDiscord();
    if (!options.fake) await fake.start();
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', secrets: [fake.token], destination: { write: (line: string) => void lines.push(line) } });
    const bot = createBot({
      knowledge: options.knowledge ?? staticKnowledge(await sharedKnowledge()),
      ...(options.feedback ? { feedback: options.feedback } : {}),
      ...(options.feedbackQueue ? { feedbackQueue: options.feedbackQueue } : {}),
      logger,
      apiUrl: fake.apiBase,
      cooldown: options.cooldown ?? { questions: 1000, seconds: 60 },
      ...(options.defer ? { defer: options.defer } : {}),
      ...(options.commands ? { commands: options.commands } : {}),
      ...(options.components ? { components: options.components } : {}),
      ...(options.importFetch ? { importFetch: options.importFetch } : {}),
      clientOptions: {
        rest: { offset: 0 },
        ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
        waitGuildTimeout: 100,
      },
    });
    const harness = new BotHarness(fake, bot, !options.fake, lines);
    bot.router.onHandled((h) => {
      harness.handled.set(h.interactionId, h);
      harness.handledEvents.emit('handled', h.interactionId);
    });
    const ready = once(bot.client, Events.ClientReady);
    await bot.login(fake.token);
    await ready;
    return harness;
  }

  /** Resolves when the router has finished with the interaction (reply sent, log written). */
  settled(interactionId: string): Promise<HandledInteraction> {
    const done = this.handled.get(interactionId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const listener = (id: string) => {
        if (id !== interactionId) return;
        this.handledEvents.off('handled', listener);
        resolve(this.handled.get(id)!);
      };
      this.handledEvents.on('handled', listener);
    });
  }

  /** The /ask payload as Discord would send it (typed options, resolved user for `mention`). */
  askPayload(input: AskInput): Json {
    const options: Json[] = [{ name: 'question', type: 3, value: input.question }];
    if (input.private !== undefined) options.push({ name: 'private', type: 5, value: input.private });
    if (input.source !== undefined) options.push({ name: 'source', type: 3, value: input.source });
    const resolved: Json = {};
    if (input.mention) {
      options.push({ name: 'mention', type: 6, value: input.mention.id });
      resolved.users = { [input.mention.id]: { id: input.mention.id, username: input.mention.username ?? 'friend', discriminator: '0', global_name: null, avatar: null } };
    }
    return this.fake.slashCommand({ name: 'ask', options, user: input.user ?? ASKER, ...(input.mention ? { resolved } : {}) });
  }

  /** Sends /ask and returns the message the member ends up seeing, once the bot is done. */
  async ask(input: AskInput): Promise<Reply> {
    return this.send(this.askPayload(input));
  }

  async command(name: string, options: Record<string, string | number | boolean> = {}, user: UserInput = ASKER): Promise<Reply> {
    return this.send(this.fake.slashCommand({ name, options, user }));
  }

  /** Presses a button with `customId` on `message` (a message the bot sent earlier). */
  async press(customId: string, message: FakeMessage, user: UserInput = ASKER): Promise<Reply> {
    return this.send(this.fake.button({ customId, message, user }));
  }

  /** Dispatches an interaction payload and waits for the router to finish with it. */
  async send(payload: Json): Promise<Reply> {
    const { id } = this.fake.sendInteraction(payload);
    const handled = await this.settled(id);
    return new Reply(this.fake, id, handled);
  }

  /** Parsed log lines. */
  logs(): LogLine[] {
    return this.logLines.map((line) => JSON.parse(line) as LogLine);
  }

  async stop(): Promise<void> {
    await this.bot.shutdown(2000);
    if (this.ownsFake) await this.fake.stop();
  }
}

/** What the bot did for one interaction. */
export class Reply {
  constructor(
    private readonly fake: FakeDiscord,
    readonly interactionId: string,
    readonly handled: HandledInteraction,
  ) {}

  get events(): InteractionEvent[] {
    return this.fake.interactionLog(this.interactionId);
  }

  /** The first callback (reply, defer, autocomplete result). */
  get callback(): InteractionEvent {
    const event = this.events.find((e) => e.kind === 'callback');
    if (!event) throw new Error(`no callback for interaction ${this.interactionId}`);
    return event;
  }

  /** The last payload that carried the message the member sees (reply, update of a button's message, edit of a deferred reply, or follow-up). */
  get sent(): InteractionEvent {
    const event = this.events.filter((e) => (e.kind === 'callback' && (e.callbackType === 4 || e.callbackType === 7)) || e.kind === 'edit' || e.kind === 'followUp').at(-1);
    if (!event) throw new Error(`no message sent for interaction ${this.interactionId}: ${JSON.stringify(this.events.map((e) => [e.kind, e.callbackType]))}`);
    return event;
  }

  /** The message payload the member sees (`data` of the reply, edit or follow-up). */
  get data(): Json {
    return this.sent.data;
  }

  /** The stored message as Discord holds it now. */
  get message(): FakeMessage {
    const message = this.sent.message;
    if (!message) throw new Error('no message stored');
    return message;
  }

  get ephemeral(): boolean {
    return (this.message.flags & 64) !== 0;
  }

  /** Custom ids of the buttons under the message, by label. */
  buttons(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const row of this.message.components ?? []) for (const b of row.components ?? []) out[b.label] = b.custom_id;
    return out;
  }
}
