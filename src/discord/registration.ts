import { REST, Routes } from 'discord.js';
import type { Command } from './types.ts';

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
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
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
  const where =
    result.scope === 'guild'
      ? `in server ${result.guildId} (available now)`
      : 'globally (new or changed commands can take up to an hour to appear everywhere)';
  return `Registered ${result.commands.length} command${result.commands.length === 1 ? '' : 's'} ${where}: ${names}`;
}
