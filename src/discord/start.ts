import { DiscordjsErrorCodes, Events, GatewayCloseCodes, type ClientOptions } from 'discord.js';
import { loadKnowledge, loadOptionsFrom, type LoadOptions } from '../load/load.ts';
import type { KnowledgeSnapshot } from '../load/snapshot.ts';
import { requireToken, type Config } from '../config.ts';
import { openFeedback, POSTGRES_MAX_WAIT_MS } from '../feedback/open.ts';
import { createLogger, redact, type Logger } from '../logger.ts';
import { LiveKnowledge } from '../load/live.ts';
import { EXIT_REFUSED } from '../run.ts';
import { createBot, type Bot } from './bot.ts';
import { INTENTS_REFUSED, refusedToken, TOKEN_INVALID } from './refused.ts';
import { asUnavailable, type DiscordUnavailableError } from './unavailable.ts';
import { backoffDelays, sleep } from '../service/backoff.ts';
import { serveHttp, type RunningHttp } from '../service/http.ts';
import { onParentExit } from '../service/parent-watch.ts';

/**
 * How long a shutdown waits for replies in flight: the process is gone within 5 s of
 * SIGTERM (a first reply later than 3 s is refused by Discord anyway).
 */
const SHUTDOWN_GRACE_MS = 4_000;

/** The gateway close codes by which Discord refuses the credentials, and what to say about each. */
const REFUSALS: ReadonlyMap<number, string> = new Map([
  [GatewayCloseCodes.AuthenticationFailed, TOKEN_INVALID],
  [GatewayCloseCodes.DisallowedIntents, INTENTS_REFUSED],
  [GatewayCloseCodes.InvalidIntents, INTENTS_REFUSED],
]);

/** Why Discord closed the gateway for good with `code`, when it refused the credentials. */
function refusal(code: number): string | undefined {
  return REFUSALS.get(code);
}

/** What to tell the operator when Discord closes the gateway for good with `code`. */
function lostGatewayMessage(code: number): string {
  const problem = refusal(code);
  if (problem) return refusedToken(problem).message;
  return `Discord closed the gateway connection for good (close code ${code}); restart the bot once the cause is fixed.`;
}

/**
 * Keeps the process alive through what should not end it: a rejected promise nobody
 * awaited (for example a malformed gateway payload discord.js fails to parse) is logged.
 * SIGTERM and SIGINT finish the replies in flight, disconnect and exit 0.
 */
export function installProcessHandlers(bot: Bot, logger: Logger, alsoClose: ReadonlyArray<{ close(): Promise<void> }> = []): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (the bot keeps running)');
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, pending: bot.router.pending }, 'shutting down');
    bot
      .shutdown(SHUTDOWN_GRACE_MS)
      .then(() => Promise.all(alsoClose.map((c) => c.close().catch(() => undefined))))
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  // `on`, not `once`: a second signal (the shard manager's after the process group's, or a
  // supervisor's repeat) must not fall through to the default action and kill the drain.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  onParentExit(() => {
    logger.warn({ event: 'parent-exited' }, 'the process that started the bot has gone (npm stopped by a signal of its own?); stopping as on SIGTERM');
    stop('SIGTERM');
  });
}

/**
 * After login: when Discord closes the gateway with a code discord.js never reconnects
 * after (4004 token reset, 4014 intents withdrawn, ...), the bot could only idle deaf, and
 * the process would end with 0 once nothing keeps it busy. It says why, finishes the
 * replies in flight and exits 1, so a supervisor restarts it or alerts.
 */
export function exitWhenGatewayLost(bot: Bot, logger: Logger): void {
  bot.client.once(Events.ShardDisconnect, (event, shard) => {
    logger.fatal({ shard, code: event.code }, 'Discord closed the gateway for good; stopping');
    process.stderr.write(`${lostGatewayMessage(event.code)}\n`);
    const exit = () => process.exit(refusal(event.code) ? EXIT_REFUSED : 1);
    bot.shutdown(SHUTDOWN_GRACE_MS).then(exit, exit);
  });
}

/**
 * SHARD_COUNT and SHARDS are shared with discord.js, whose Client reads them from the
 * environment: the ShardingManager sets them for each shard process. Run directly,
 * `SHARD_COUNT=auto` would reach the client as NaN and `SHARDS=0-3` would not parse, so
 * they are taken out of the environment and become options: internal sharding in this
 * process (`shards: 'auto'`, one shard for a small bot), or the slice SHARDS names out of
 * SHARD_COUNT. A bare number is left for discord.js, which then runs that many shards here.
 */
function shardingOptions(config: Config): Partial<ClientOptions> {
  if (process.env.SHARDING_MANAGER) return {};
  if (config.SHARDS && typeof config.SHARD_COUNT === 'number') {
    delete process.env.SHARDS;
    delete process.env.SHARD_COUNT;
    return { shards: config.SHARDS, shardCount: config.SHARD_COUNT };
  }
  const count = process.env.SHARD_COUNT;
  if (count === undefined || /^\s*\d+\s*$/.test(count)) return {};
  delete process.env.SHARD_COUNT;
  return { shards: 'auto' };
}

export interface StartOptions {
  /** First delay before connecting again after Discord could not be reached (ms); doubles up to `retryMaxMs`. */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/**
 * `npm start` with DISCORD_TOKEN: loads the knowledge base (and watches it for changes),
 * opens the feedback database, connects to the gateway with the Guilds intent only and
 * answers interactions until SIGTERM/SIGINT.
 */
export async function startBot(config: Config, options: StartOptions = {}): Promise<Bot> {
  const bot = requireToken(config);
  const logger = createLogger({ level: bot.LOG_LEVEL, secrets: [bot.DISCORD_TOKEN, ...databasePassword(bot.DATABASE_URL)] });
  // The index cache in DATA_DIR serves the start and every reload whose files it was built from.
  const knowledge = await LiveKnowledge.open({ dir: bot.KNOWLEDGE_DIR, load: warmingFirstLoad(loadOptionsFrom(bot, logger)), logger });
  const engine = knowledge.current.engine;
  const feedback = await openFeedback(bot, logger);
  const instance = createBot({
    knowledge,
    ...(feedback ? { feedback } : {}),
    // A database server may be away for minutes (a restart, a failover); a locked file only for moments.
    ...(feedback?.kind === 'postgresql' ? { feedbackQueue: { maxWaitMs: POSTGRES_MAX_WAIT_MS } } : {}),
    closeOnShutdown: feedback ? [knowledge, feedback] : [knowledge],
    logger,
    cooldown: { questions: bot.COOLDOWN_QUESTIONS, seconds: bot.COOLDOWN_SECONDS },
    ...(bot.DISCORD_API_URL ? { apiUrl: bot.DISCORD_API_URL } : {}),
    clientOptions: shardingOptions(bot),
  });
  // Under the shard manager the manager serves HTTP_PORT for every shard.
  let http: RunningHttp | undefined;
  if (bot.HTTP_PORT !== undefined && !process.env.SHARDING_MANAGER) {
    try {
      http = await serveHttp(
        { health: () => instance.service.health(), metrics: () => instance.service.metrics.registry.metrics() },
        { port: bot.HTTP_PORT, host: bot.HTTP_HOST, logger },
      );
    } catch (error) {
      // Nothing may keep the process alive after this: it is going to exit with the message.
      knowledge.close();
      await feedback?.close();
      await instance.client.destroy();
      throw error;
    }
  }
  installProcessHandlers(instance, logger, http ? [http] : []);
  knowledge.watch();
  logger.info({ knowledge: bot.KNOWLEDGE_DIR, sources: engine.sources().length }, 'knowledge base loaded; connecting');
  // What would keep the process alive once start-up has failed for good (a refused token).
  const close = () => {
    knowledge.close();
    void feedback?.close();
    void http?.close();
  };
  // No network, or Discord down: said in one line each time, and tried again later (the
  // supervisor sees a running process; SIGTERM still stops it at once).
  const delays = backoffDelays(options.retryFirstMs ?? 2_000, options.retryMaxMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    const unavailable = await connect(instance, bot.DISCORD_TOKEN, close);
    if (!unavailable) break;
    const wait = delays();
    logger.error({ event: 'discord-unavailable', attempt, retryInMs: wait }, unavailable.message);
    process.stderr.write(
      `${unavailable.message.replace(/ Try again in a few minutes\.$|, then try again\.$/, '.')} Trying again in ${Math.round(wait / 1000)} s (attempt ${attempt}).\n`,
    );
    await sleep(wait);
  }
  exitWhenGatewayLost(instance, logger);
  return instance;
}

/**
 * One login attempt. Resolves undefined once connected, or the reason when Discord could
 * not be reached (to be tried again); throws what retrying cannot fix (a refused token),
 * after closing `close`'s resources.
 */
async function connect(instance: Bot, token: string, close: () => void): Promise<DiscordUnavailableError | undefined> {
  // A 4004 close during IDENTIFY rejects login with a plain "Authentication failed": the close code tells.
  let closedWith: number | undefined;
  const onClosed = (event: { code: number }) => (closedWith = event.code);
  instance.client.on(Events.ShardDisconnect, onClosed);
  try {
    await instance.login(token);
    return undefined;
  } catch (error) {
    await instance.client.destroy().catch(() => undefined);
    if (isCode(error, DiscordjsErrorCodes.TokenInvalid) || closedWith === GatewayCloseCodes.AuthenticationFailed) {
      close();
      throw refusedToken(TOKEN_INVALID);
    }
    if (isCode(error, DiscordjsErrorCodes.DisallowedIntents) || closedWith === GatewayCloseCodes.DisallowedIntents || closedWith === GatewayCloseCodes.InvalidIntents) {
      close();
      throw refusedToken(INTENTS_REFUSED);
    }
    const unavailable = asUnavailable(error, 'connecting');
    if (unavailable) return unavailable;
    close();
    if (error instanceof Error) {
      // Errors built from request data must not carry the token to the console.
      error.message = redact(error.message, [token]);
      if (error.stack) error.stack = redact(error.stack, [token]);
    }
    throw error;
  } finally {
    instance.client.off(Events.ShardDisconnect, onClosed);
  }
}

/**
 * The knowledge loader of the bot: the first load warms the engine up; reloads do not (the
 * compiled code and the WordNet cache it warms are the process's, and a reload of a large
 * index should not hold questions back any longer).
 */
export function warmingFirstLoad(options: LoadOptions): (dir: string) => Promise<KnowledgeSnapshot> {
  let loads = 0;
  return (dir) => loadKnowledge(dir, { ...options, warmUp: loads++ === 0 });
}

/** The password in DATABASE_URL, scrubbed from the logs like the token. */
function databasePassword(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
