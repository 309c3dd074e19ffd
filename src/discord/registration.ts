import { DiscordAPIError, REST, Routes } from 'discord.js';
import { ConfigError, type Config } from '../config.ts';
import { redact } from '../logger.ts';
import { commands as allCommands } from './commands/index.ts';
import type { Command } from './types.ts';
import { asUnavailable } from './unavailable.ts';

export interface RegistrationOptions {
  token: string;
  /** Application id (DISCORD_CLIENT_ID). */
  clientId: string;
  /** Register in this server only (instant); otherwise globally (Discord may take a while to show changes). */
  guildId?: string;
  /** REST base (DISCORD_API_URL). */
  apiUrl?: string;
  commands: readonly Command[];
}

export interface RegistrationResult {
  scope: 'guild' | 'global';
  guildId?: string;
  /** Registered commands as Discord returned them. */
  commands: Array<{ id: string; name: string }>;
}

/**
 * Replaces the application's commands with `commands` in one bulk PUT (so removed
 * commands disappear too): guild-scoped when a guild id is given, global otherwise.
 */
export async function registerCommands(options: RegistrationOptions): Promise<RegistrationResult> {
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(options.token);
  const body = options.commands.map((c) => c.data.toJSON());
  const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
  const result = (await rest.put(route, { body })) as Array<{ id: string; name: string }>;
  return {
    scope: options.guildId ? 'guild' : 'global',
    ...(options.guildId ? { guildId: options.guildId } : {}),
    commands: result.map((c) => ({ id: c.id, name: c.name })),
  };
}

/** What `npm run register` prints. */
export function describeRegistration(result: RegistrationResult): string {
  const names = result.commands.map((c) => (c.name.includes(' ') ? c.name : `/${c.name}`)).join(', ');
  const where = result.scope === 'guild' ? `in server ${result.guildId} (available now)` : 'globally (new or changed commands can take up to an hour to appear everywhere)';
  return `Registered ${result.commands.length} command${result.commands.length === 1 ? '' : 's'} ${where}: ${names}`;
}

/**
 * What `npm run register` does: registers every command as the configuration says and
 * returns the line to print. Refusals by Discord become errors naming the variable to fix.
 */
export async function runRegistration(
  config: Pick<Config, 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'> & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string },
  commands: readonly Command[] = allCommands,
): Promise<string> {
  try {
    const result = await registerCommands({
      token: config.DISCORD_TOKEN,
      clientId: config.DISCORD_CLIENT_ID,
      commands,
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
      ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    });
    return describeRegistration(result);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError('DISCORD_TOKEN', 'was rejected by Discord (401); copy the token again from the Developer Portal');
    }
    if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
      throw new ConfigError(
        config.DISCORD_GUILD_ID ? 'DISCORD_GUILD_ID' : 'DISCORD_CLIENT_ID',
        `was refused by Discord (${error.status}: ${redact(error.message, [config.DISCORD_TOKEN])}); check the application id, and that the bot was invited to that server with the applications.commands scope`,
      );
    }
    throw asUnavailable(error, 'registering the commands') ?? error;
  }
}
