import { DiscordjsErrorCodes, Events, GatewayCloseCodes, type ClientOptions } from 'discord.js';
import { loadEngine, loadOptionsFrom, type LoadedKnowledge, type LoadOptions } from '../bootstrap.ts';
import { requireBotConfig, type Config } from '../config.ts';
import { openFeedbackStore } from '../feedback/open.ts';
import { createLogger, redact, type Logger } from '../logger.ts';
import { LiveKnowledge } from '../moderation/knowledge.ts';
import { EXIT_REFUSED } from '../cli/run.ts';
import { createBot, type Bot } from './bot.ts';
import { INTENTS_REFUSED, refusedToken, TOKEN_INVALID } from './refused.ts';
import { asUnavailable } from './unavailable.ts';

/**
 * How long a shutdown waits for replies in flight: the process is gone within 5 s of
 * SIGTERM (a first reply later than 3 s is refused by Discord anyway).
 */
const SHUTDOWN_GRACE_MS = 4_000;


/** Why Discord closed the gateway for good with `code`, when it refused the credentials. */
function refusal(code: number): string | undefined {
  if (code === GatewayCloseCodes.AuthenticationFailed) return TOKEN_INVALID;
  if (code === GatewayCloseCodes.DisallowedIntents || code === GatewayCloseCodes.InvalidIntents) return INTENTS_REFUSED;
  return undefined;
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
export function installProcessHandlers(bot: Bot, logger: Logger): void {
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
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
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
 * SHARD_COUNT is shared with discord.js, whose Client reads `SHARD_COUNT` (and `SHARDS`)
 * from the environment: the ShardingManager sets them for each shard process. Run
 * directly, `SHARD_COUNT=auto` would reach the client as NaN, so it is taken out of the
 * environment and becomes internal sharding in this process (`shards: 'auto'`, one shard
 * for a small bot). A number is left for discord.js, which then runs that many shards here.
 */
function shardingOptions(): Partial<ClientOptions> {
  if (process.env.SHARDING_MANAGER) return {};
  const count = process.env.SHARD_COUNT;
  if (count === undefined || /^\s*\d+\s*$/.test(count)) return {};
  delete process.env.SHARD_COUNT;
  return { shards: 'auto' };
}

/**
 * `npm start` with DISCORD_TOKEN: loads the knowledge base (and watches it for changes),
 * opens the feedback database, connects to the gateway with the Guilds intent only and
 * answers interactions until SIGTERM/SIGINT.
 */
export async function startBot(config: Config): Promise<Bot> {
  const bot = requireBotConfig(config);
  const logger = createLogger({ level: bot.LOG_LEVEL, secrets: [bot.DISCORD_TOKEN] });
  // The index cache in DATA_DIR serves the start and every reload whose files it was built from.
  const knowledge = await LiveKnowledge.open({ dir: bot.KNOWLEDGE_DIR, load: warmingFirstLoad(loadOptionsFrom(bot, logger)), logger });
  const engine = knowledge.current.engine;
  const feedback = openFeedbackStore(bot.DATA_DIR, logger);
  const instance = createBot({
    knowledge,
    ...(feedback ? { feedback } : {}),
    closeOnShutdown: feedback ? [knowledge, feedback] : [knowledge],
    logger,
    cooldown: { questions: bot.COOLDOWN_QUESTIONS, seconds: bot.COOLDOWN_SECONDS },
    ...(bot.DISCORD_API_URL ? { apiUrl: bot.DISCORD_API_URL } : {}),
    clientOptions: shardingOptions(),
  });
  installProcessHandlers(instance, logger);
  knowledge.watch();
  logger.info({ knowledge: bot.KNOWLEDGE_DIR, sources: engine.sources().length }, 'knowledge base loaded; connecting');
  // A 4004 close during IDENTIFY rejects login with a plain "Authentication failed": the close code tells.
  let closedWith: number | undefined;
  const onClosed = (event: { code: number }) => (closedWith = event.code);
  instance.client.on(Events.ShardDisconnect, onClosed);
  try {
    await instance.login(bot.DISCORD_TOKEN);
  } catch (error) {
    await instance.client.destroy().catch(() => undefined);
    knowledge.close();
    feedback?.close();
    if (isCode(error, DiscordjsErrorCodes.TokenInvalid) || closedWith === GatewayCloseCodes.AuthenticationFailed) {
      throw refusedToken(TOKEN_INVALID);
    }
    if (
      isCode(error, DiscordjsErrorCodes.DisallowedIntents) ||
      closedWith === GatewayCloseCodes.DisallowedIntents ||
      closedWith === GatewayCloseCodes.InvalidIntents
    ) {
      throw refusedToken(INTENTS_REFUSED);
    }
    const unavailable = asUnavailable(error, 'connecting');
    if (unavailable) {
      logger.error({ err: error }, 'Discord unavailable at start');
      throw unavailable;
    }
    if (error instanceof Error) {
      // Errors built from request data must not carry the token to the console.
      error.message = redact(error.message, [bot.DISCORD_TOKEN]);
      if (error.stack) error.stack = redact(error.stack, [bot.DISCORD_TOKEN]);
    }
    throw error;
  } finally {
    instance.client.off(Events.ShardDisconnect, onClosed);
  }
  exitWhenGatewayLost(instance, logger);
  return instance;
}

/**
 * The knowledge loader of the bot: the first load warms the engine up; reloads do not (the
 * compiled code and the WordNet cache it warms are the process's, and a reload of a large
 * index should not hold questions back any longer).
 */
export function warmingFirstLoad(options: LoadOptions): (dir: string) => Promise<LoadedKnowledge> {
  let loads = 0;
  return (dir) => loadEngine(dir, { ...options, warmUp: loads++ === 0 });
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
