/**
 * `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one child
 * process per shard, each running the normal entry point (`src/main.ts`) through tsx.
 * Discord requires sharding from 2,500 servers and recommends a shard per ~1,000;
 * SHARD_COUNT=auto asks Discord for its recommendation (through DISCORD_API_URL when set).
 */
import { fileURLToPath } from 'node:url';
import type { EventEmitter } from 'node:events';
import { DiscordAPIError, REST, Routes, ShardingManager } from 'discord.js';
import { requireBotConfig } from '../config.ts';
import { EXIT_REFUSED, readConfig, runMain } from '../cli/run.ts';
import { createLogger } from '../logger.ts';
import { refusedToken, TOKEN_INVALID } from './refused.ts';
import { asUnavailable } from './unavailable.ts';

const ENTRY = fileURLToPath(new URL('../main.ts', import.meta.url));

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

runMain(async () => {
  const config = requireBotConfig(readConfig());
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  const totalShards =
    config.SHARD_COUNT === 'auto' ? await recommendedShardCount(config.DISCORD_TOKEN, config.DISCORD_API_URL) : config.SHARD_COUNT;
  const manager = new ShardingManager(ENTRY, {
    token: config.DISCORD_TOKEN,
    totalShards,
    mode: 'process',
    execArgv: ['--import', 'tsx'],
    respawn: true,
  });
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
        process.stderr.write(`Shard ${shard.id} stopped because Discord refused DISCORD_TOKEN (its message is above); the other shards are stopping too, since a restart would be refused the same way.\n`);
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
    void Promise.all(exits).then(() => process.exit(exitCode));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  logger.info({ totalShards }, 'spawning shards');
  try {
    await manager.spawn({ amount: totalShards, timeout: 60_000 });
  } catch (error) {
    // A shard that died while starting up rejects the spawn; when it was refused, stop() is already under way.
    if (!stopping) throw error;
  }
});
