import { EXIT_REFUSED, readConfig, runMain } from './run.ts';
import { ConfigError } from './config.ts';

/**
 * `npm run bot` (and what a supervisor runs: `node dist/bot.js`): the Discord bot only.
 * Unlike `npm start` it never falls back to the console mode, which would read an empty
 * standard input and exit 0 looking healthy: without DISCORD_TOKEN it stops with exit
 * status 78, which supervisors can be told not to restart on.
 */
runMain(async () => {
  const config = readConfig();
  if (!config.DISCORD_TOKEN) {
    throw Object.assign(new ConfigError('DISCORD_TOKEN', 'is not set: the bot cannot connect to Discord without it (set it in the environment or in .env)'), {
      exitCode: EXIT_REFUSED,
    });
  }
  const { startBot } = await import('./discord/start.ts');
  await startBot(config);
});
