import { DiscordjsErrorCodes, type ClientOptions } from 'discord.js';
import { loadEngine } from '../bootstrap.ts';
import { ConfigError, requireBotConfig, type Config } from '../config.ts';
import { createLogger, redact, type Logger } from '../logger.ts';
import { createBot, type Bot } from './bot.ts';

/** How long a shutdown waits for replies in flight. */
const SHUTDOWN_GRACE_MS = 10_000;

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
 * `npm start` with DISCORD_TOKEN: loads the knowledge base, connects to the gateway with
 * the Guilds intent only and answers interactions until SIGTERM/SIGINT.
 */
export async function startBot(config: Config): Promise<Bot> {
  const bot = requireBotConfig(config);
  const logger = createLogger({ level: bot.LOG_LEVEL, secrets: [bot.DISCORD_TOKEN] });
  const { engine } = await loadEngine(bot.KNOWLEDGE_DIR, bot.MIN_COVERAGE === undefined ? {} : { minCoverage: bot.MIN_COVERAGE });
  const instance = createBot({
    engine,
    logger,
    cooldown: { questions: bot.COOLDOWN_QUESTIONS, seconds: bot.COOLDOWN_SECONDS },
    ...(bot.DISCORD_API_URL ? { apiUrl: bot.DISCORD_API_URL } : {}),
    clientOptions: shardingOptions(),
  });
  installProcessHandlers(instance, logger);
  logger.info({ knowledge: bot.KNOWLEDGE_DIR, sources: engine.sources().length }, 'knowledge base loaded; connecting');
  try {
    await instance.login(bot.DISCORD_TOKEN);
  } catch (error) {
    await instance.client.destroy().catch(() => undefined);
    if (isCode(error, DiscordjsErrorCodes.TokenInvalid)) {
      throw new ConfigError('DISCORD_TOKEN', 'was rejected by Discord; copy the token again from the Developer Portal (Bot → Reset Token)');
    }
    if (isCode(error, DiscordjsErrorCodes.DisallowedIntents)) {
      throw new ConfigError('DISCORD_TOKEN', 'belongs to a bot that may not use the requested intents');
    }
    if (error instanceof Error) {
      // Errors built from request data must not carry the token to the console.
      error.message = redact(error.message, [bot.DISCORD_TOKEN]);
      if (error.stack) error.stack = redact(error.stack, [bot.DISCORD_TOKEN]);
    }
    throw error;
  }
  return instance;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
