/**
 * `npm run register`: deploys the bot's commands to Discord. Guild-scoped when
 * DISCORD_GUILD_ID is set (instant, for one server), global otherwise. Honours
 * DISCORD_API_URL. Run it again whenever a command's definition changes.
 */
import { DiscordAPIError } from 'discord.js';
import { ConfigError, requireBotConfig } from '../config.ts';
import { readConfig, runMain } from '../cli/run.ts';
import { redact } from '../logger.ts';
import { commands } from './commands/index.ts';
import { describeRegistration, registerCommands } from './registration.ts';

runMain(async () => {
  const config = requireBotConfig(readConfig());
  try {
    const result = await registerCommands({
      token: config.DISCORD_TOKEN,
      clientId: config.DISCORD_CLIENT_ID,
      commands,
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
      ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    });
    process.stdout.write(`${describeRegistration(result)}\n`);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError('DISCORD_TOKEN', 'was rejected by Discord (401); copy the token again from the Developer Portal');
    }
    if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
      throw new ConfigError(
        config.DISCORD_GUILD_ID ? 'DISCORD_GUILD_ID' : 'DISCORD_CLIENT_ID',
        `was refused by Discord (${error.status} ${redact(error.message, [config.DISCORD_TOKEN])}); check the application id, and that the bot was invited to that server with the applications.commands scope`,
      );
    }
    throw error;
  }
});
