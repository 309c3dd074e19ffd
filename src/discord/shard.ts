/**
 * `npm run start:sharded` (through tsx) and `npm run bot:sharded` (compiled, `node
 * dist/discord/shard.js`): runs the bot under discord.js's ShardingManager, one child
 * process per shard, each running the bot entry point (`bot.ts`, or `bot.js` when compiled)
 * with the same runtime as the manager.
 * Discord requires sharding from 2,500 servers and recommends a shard per ~1,000;
 * SHARD_COUNT=auto asks Discord for its recommendation (through DISCORD_API_URL when set).
 * SHARDS (with SHARD_COUNT) runs only those shards here: one slice per machine.
 */
import { fileURLToPath } from 'node:url';
import type { EventEmitter } from 'node:events';
import { DiscordAPIError, REST, Routes, ShardingManager } from 'discord.js';
import { requireToken } from '../config.ts';
import { EXIT_REFUSED, readConfig, runMain } from '../run.ts';
import { createLogger, type Logger } from '../logger.ts';
import { refusedToken, TOKEN_INVALID } from './refused.ts';
import { asUnavailable, DiscordUnavailableError } from './unavailable.ts';
import { backoffDelays, sleep } from '../service/backoff.ts';
import { serveManagerHttp } from '../service/manager-http.ts';
import { onParentExit } from '../service/parent-watch.ts';

/** Run from the sources (tsx) or from dist/ (plain node): the shards run the same way. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(FROM_SOURCES ? '../bot.ts' : '../bot.js', import.meta.url));

/** Discord's recommended shard count for this bot, from GET /gateway/bot. */
export async function recommendedShardCount(token: string, apiUrl?: string): Promise<number> {
  const rest = new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
  let answer: { shards?: unknown };
  try {
    answer = (await rest.get(Routes.gatewayBot())) as { shards?: unknown };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) throw refusedToken(TOKEN_INVALID);
    throw asUnavailable(error, 'asking for the recommended shard count') ?? error;
  }
  const shards = Number(answer.shards);
  return Number.isInteger(shards) && shards >= 1 ? shards : 1;
}

/** Asks Discord for the shard count, saying so and trying again later while Discord cannot be reached. */
async function countShards(token: string, apiUrl: string | undefined, logger: Logger): Promise<number> {
  const delays = backoffDelays(2_000, 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await recommendedShardCount(token, apiUrl);
    } catch (error) {
      if (!(error instanceof DiscordUnavailableError)) throw error;
      const wait = delays();
      logger.error({ event: 'discord-unavailable', attempt, retryInMs: wait }, error.message);
      process.stderr.write(`${error.message} Trying again in ${Math.round(wait / 1000)} s (attempt ${attempt}).\n`);
      await sleep(wait);
    }
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

runMain(async () => {
  const config = requireToken(readConfig());
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  // While Discord is asked for the shard count (and retried) there is nothing to drain yet.
  const stopEarly = () => process.exit(0);
  process.once('SIGTERM', stopEarly);
  process.once('SIGINT', stopEarly);
  const totalShards = config.SHARD_COUNT === 'auto' ? await countShards(config.DISCORD_TOKEN, config.DISCORD_API_URL, logger) : config.SHARD_COUNT;
  process.off('SIGTERM', stopEarly);
  process.off('SIGINT', stopEarly);
  // SHARDS: this machine's slice; the other shards run elsewhere, with the same SHARD_COUNT.
  const shardList = config.SHARDS ?? 'auto';
  const manager = new ShardingManager(ENTRY, {
    token: config.DISCORD_TOKEN,
    totalShards,
    shardList,
    mode: 'process',
    execArgv: FROM_SOURCES ? ['--import', 'tsx'] : [],
    respawn: true,
  });
  const http =
    config.HTTP_PORT === undefined
      ? undefined
      : await serveManagerHttp(manager, { port: config.HTTP_PORT, host: config.HTTP_HOST, logger, shards: config.SHARDS ?? range(totalShards) });
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: totalShards }, 'shard launched');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited'));
    shard.on('spawn', (child) => {
      // Ahead of the shard's own exit listener, which respawns: a shard whose credentials
      // Discord refused would only be refused again, over and over. Stop everything instead.
      (child as EventEmitter).prependOnceListener('exit', (code: number | null) => {
        if (code !== EXIT_REFUSED || stopping) return;
        manager.respawn = false;
        logger.fatal({ shard: shard.id }, 'Discord refused the credentials; stopping every shard');
        process.stderr.write(
          `Shard ${shard.id} stopped because Discord refused DISCORD_TOKEN (its message is above); the other shards are stopping too, since a restart would be refused the same way.\n`,
        );
        stop(undefined, EXIT_REFUSED);
      });
    });
  });

  const stop = (signal: NodeJS.Signals | undefined, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    logger.info({ signal }, 'stopping shards');
    const exits = [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          const child = shard.process;
          if (!child || child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          // kill() sends SIGTERM without respawning; the shard finishes its replies in flight, then exits.
          shard.kill();
        }),
    );
    void Promise.all(exits)
      .then(() => http?.close())
      .then(() => process.exit(exitCode));
  };
  // `on`, not `once`: a signal sent to the whole process group reaches the manager and the
  // shards at once, and a second one must not fall through to the default (instant death).
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  onParentExit(() => {
    logger.warn({ event: 'parent-exited' }, 'the process that started the shard manager has gone; stopping the shards as on SIGTERM');
    stop('SIGTERM');
  });

  logger.info({ totalShards, shards: shardList }, 'spawning shards');
  try {
    await manager.spawn({ amount: totalShards, timeout: 60_000 });
  } catch (error) {
    // A shard that died while starting up rejects the spawn; when it was refused, stop() is already under way.
    if (!stopping) {
      await http?.close();
      throw error;
    }
  }
});
