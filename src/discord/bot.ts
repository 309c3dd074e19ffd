import { Events, type Client, type ClientOptions } from 'discord.js';
import { FeedbackRecorder } from '../feedback/recorder.ts';
import type { FeedbackBackend } from '../feedback/backend.ts';
import type { FeedbackStore } from '../feedback/store.ts';
import type { Logger } from '../logger.ts';
import type { KnowledgeSource, LiveKnowledge } from '../load/live.ts';
import { createClient } from './client.ts';
import { exposeReload } from './shard-reload.ts';
import { BotService } from '../service/observe.ts';
import { answerUnreadableInteractions } from './unreadable.ts';
import { commands as defaultCommands } from './commands/index.ts';
import { components as defaultComponents } from './components/index.ts';
import { Cooldown } from './cooldown.ts';
import { InteractionRouter } from './router.ts';
import { suggesterFor } from './suggest.ts';
import type { BotContext, Command, ComponentHandler } from './types.ts';

export interface BotOptions {
  /** What the bot answers from: `staticKnowledge(snapshot)` for fixed knowledge, a `LiveKnowledge` for live reload. */
  knowledge: KnowledgeSource;
  /** Feedback store for questions and votes (SQLite or PostgreSQL); without it there are no 👍/👎 buttons. */
  feedback?: FeedbackBackend | FeedbackStore;
  /** How many feedback records may wait in memory for the database, and for how long (defaults 5,000 and 60 s). */
  feedbackQueue?: { maxPending?: number; maxWaitMs?: number };
  /** Closed after the client on shutdown (file watcher, feedback store). */
  closeOnShutdown?: ReadonlyArray<{ close(): void | Promise<void> }>;
  logger: Logger;
  /** Questions per member per window (COOLDOWN_QUESTIONS, COOLDOWN_SECONDS). */
  cooldown?: { questions: number; seconds: number; now?: () => number };
  /** Autocompletes per member per window (default `AUTOCOMPLETE_BUDGET`). */
  autocompleteBudget?: { questions: number; seconds: number; now?: () => number };
  /** DISCORD_API_URL. */
  apiUrl?: string;
  clientOptions?: Partial<ClientOptions>;
  commands?: readonly Command[];
  components?: readonly ComponentHandler[];
  /**
   * When to defer before asking the engine: `auto` (default) defers when the engine
   * has recently needed more than `slowEngineMs`; `always` and `never` are for tests
   * and measurements.
   */
  defer?: 'auto' | 'always' | 'never';
  slowEngineMs?: number;
  /** Clock for timing the engine, in ms (tests pass their own). */
  clock?: () => number;
  /** Fetch options for `/sources add` (tests: `allowPrivateAddressesForTests`); `npm start` never sets them. */
  importFetch?: BotContext['importFetch'];
}

export interface Bot {
  client: Client;
  router: InteractionRouter;
  ctx: BotContext;
  /** Metrics, health and /status facts of this process. */
  service: BotService;
  login(token: string): Promise<void>;
  /** Finishes replies in flight (at most `timeoutMs`), then disconnects. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** Engine calls remembered to decide on deferring. */
const LATENCY_WINDOW = 20;

/**
 * An interaction that has already waited this long (ms since Discord created it) when its
 * handler starts is deferred before the engine runs: a burst queued it behind others, and
 * Discord drops a first response later than 3 s. The edit that follows has 15 minutes.
 */
export const QUEUED_MS = 1000;

/**
 * Autocompletes a member may send per window. Discord sends one per keystroke (a little
 * debounced): fast typing stays well under 2 a second; a script sending dozens is cut off.
 */
export const AUTOCOMPLETE_BUDGET = { questions: 20, seconds: 10 } as const;

/** Builds the context handlers share: engine, logger, cooldown, engine timing. */
export function createContext(options: BotOptions, commands: readonly Command[]): BotContext {
  const samples: number[] = [];
  const policy = options.defer ?? 'auto';
  const slowMs = options.slowEngineMs ?? 1000;
  const clock = options.clock ?? (() => performance.now());
  const knowledge = options.knowledge;
  const ctx: BotContext = {
    get engine() {
      return knowledge.current.engine;
    },
    knowledge,
    ...(options.feedback ? { feedback: new FeedbackRecorder(options.feedback, options.logger, options.feedbackQueue ?? {}) } : {}),
    logger: options.logger,
    cooldown: new Cooldown({ questions: 5, seconds: 30, ...options.cooldown }),
    autocompleteBudget: new Cooldown({ ...AUTOCOMPLETE_BUDGET, ...options.autocompleteBudget }),
    timeEngine<T>(run: () => T): T {
      const started = clock();
      try {
        return run();
      } finally {
        samples.push(clock() - started);
        if (samples.length > LATENCY_WINDOW) samples.shift();
      }
    },
    shouldDefer(interaction?: { createdTimestamp: number }): boolean {
      if (policy !== 'auto') return policy === 'always';
      if (interaction && Date.now() - interaction.createdTimestamp > QUEUED_MS) return true;
      // Before any measurement the engine is an unknown: be safe.
      return samples.length === 0 || Math.max(...samples) > slowMs;
    },
    engineSlow(): boolean {
      return samples.length > 0 && Math.max(...samples) > slowMs;
    },
    helpCommands: commands.filter((c) => c.help).map((c) => ({ name: c.data.name, description: c.help! })),
    ...(options.importFetch ? { importFetch: options.importFetch } : {}),
  };
  return ctx;
}

/** Feedback as /status tells moderators: which database, or off, and what happened to it at start. */
function feedbackState(store: FeedbackBackend | undefined): string {
  if (!store) return 'off (no 👍/👎 and no /gaps: see the log)';
  const kind = store.kind === 'postgresql' ? 'PostgreSQL' : 'SQLite';
  return store.notice ? `${kind}, ${store.notice}` : kind;
}

/**
 * The bot: a client wired to the interaction router, with logs for ready, errors and
 * reconnects. The engine is timed on one question at once, so the choice between
 * answering and deferring has a measurement before the first member asks.
 */
export function createBot(options: BotOptions): Bot {
  const commands = options.commands ?? defaultCommands;
  const ctx = createContext(options, commands);
  const router = new InteractionRouter(ctx, { commands, components: options.components ?? defaultComponents });
  const client = createClient({ ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), ...(options.clientOptions ? { overrides: options.clientOptions } : {}) });
  const log = options.logger;
  const service = new BotService(client, router, ctx.knowledge, {
    ...(client.shard ? { shard: client.shard.ids.join(',') } : {}),
    ...(ctx.feedback ? { feedbackStats: () => ctx.feedback!.stats } : {}),
    feedbackState: feedbackState(ctx.feedback?.store),
  });
  ctx.service = service;

  ctx.timeEngine(() => ctx.engine.ask('warm up'));
  // Built now and after each reload, rather than on a member's keystroke (a second on a large base).
  suggesterFor(ctx.knowledge.current);
  const live = options.knowledge as Partial<Pick<LiveKnowledge, 'onReload'>> | undefined;
  live?.onReload?.((result) => {
    if (result.status === 'reloaded') suggesterFor(result.snapshot);
  });

  client.once(Events.ClientReady, (ready) => {
    log.info(
      {
        event: 'ready',
        user: ready.user.tag,
        userId: ready.user.id,
        guilds: ready.guilds.cache.size,
        shards: ready.shard?.ids ?? [0],
        commands: commands.map((c) => c.data.name),
        sources: ctx.engine.sources().length,
        // Said again here, where operators look first: off means no 👍/👎 and no /gaps.
        feedback: ctx.feedback ? ctx.feedback.store.where : 'off',
        ...(ctx.feedback?.store.notice ? { feedbackNotice: ctx.feedback.store.notice } : {}),
      },
      'connected to Discord',
    );
  });
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  exposeReload(client, ctx.knowledge);
  answerUnreadableInteractions(client, log);
  client.on(Events.Error, (error) => log.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (error, shard) => log.error({ shard, err: error }, 'gateway error'));

  return {
    client,
    router,
    ctx,
    service,
    async login(token: string) {
      await client.login(token);
    },
    async shutdown(timeoutMs = 10_000) {
      const finished = await router.drain(timeoutMs);
      if (!finished) log.warn({ pending: router.pending }, 'shutting down with replies still in flight');
      await client.destroy();
      // What the feedback queue holds is written now, or dropped and counted, before the store closes.
      await ctx.feedback?.close();
      for (const resource of options.closeOnShutdown ?? []) {
        try {
          await resource.close();
        } catch (error) {
          log.warn({ err: error }, 'could not close a resource on shutdown');
        }
      }
    },
  };
}
