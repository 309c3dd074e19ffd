/**
 * `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one child
 * process per shard, each running the normal entry point (`src/main.ts`) through tsx.
 * Discord requires sharding from 2,500 servers and recommends a shard per ~1,000;
 * SHARD_COUNT=auto asks Discord for its recommendation (through DISCORD_API_URL when set).
 */
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import { requireBotConfig } from '../config.ts';
import { readConfig, runMain } from '../cli/run.ts';
import { createLogger } from '../logger.ts';

const ENTRY = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Discord's recommended shard count for this bot, from GET /gateway/bot. */
export async function recommendedShardCount(token: string, apiUrl?: string): Promise<number> {
  const rest = new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
  const answer = (await rest.get(Routes.gatewayBot())) as { shards?: unknown };
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
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: totalShards }, 'shard launched');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited'));
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
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
    void Promise.all(exits).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  logger.info({ totalShards }, 'spawning shards');
  await manager.spawn({ amount: totalShards, timeout: 60_000 });
});
