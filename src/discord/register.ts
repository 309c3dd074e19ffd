/**
 * `npm run register`: deploys the bot's commands to Discord. Guild-scoped when
 * DISCORD_GUILD_ID is set (instant, for one server), global otherwise. Honours
 * DISCORD_API_URL. Run it again whenever a command's definition changes.
 */
import { requireBotConfig } from '../config.ts';
import { readConfig, runMain } from '../run.ts';
import { runRegistration } from './registration.ts';

runMain(async () => {
  process.stdout.write(`${await runRegistration(requireBotConfig(readConfig()))}\n`);
});
