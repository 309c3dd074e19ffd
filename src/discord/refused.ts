import { EXIT_REFUSED } from '../run.ts';
import { ConfigError } from '../config.ts';

/** What to say when Discord refuses the bot's credentials (the variable is named by the error). */
export const TOKEN_INVALID = 'is invalid: Discord rejected it; copy the token again from the Developer Portal (Bot → Reset Token)';
export const INTENTS_REFUSED = 'belongs to a bot that may not use the requested intents';

/** The error for credentials Discord refuses: it names DISCORD_TOKEN, and the process exits with EXIT_REFUSED. */
export function refusedToken(problem: string): ConfigError & { exitCode: number } {
  return Object.assign(new ConfigError('DISCORD_TOKEN', problem), { exitCode: EXIT_REFUSED });
}
