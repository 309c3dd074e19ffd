import { z } from 'zod';

/**
 * Configuration from the environment (and `.env`, loaded by the entry points). Every
 * value is validated here once; a bad one stops start-up with a message naming the
 * variable, and never echoes a token.
 */

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  DISCORD_TOKEN: optional(
    z.string().regex(/^[A-Za-z0-9._-]{30,}$/, 'does not look like a bot token (expected 30+ letters, digits, ".", "_" or "-")'),
  ),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'must be an http(s) URL such as https://discord.com/api')
      .transform((v) => v.replace(/\/+$/, '')),
  ),
  KNOWLEDGE_DIR: optional(z.string()).default('knowledge'),
  DATA_DIR: optional(z.string()).default('data'),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })).default('info'),
  COOLDOWN_QUESTIONS: optional(z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1000)).default(5),
  COOLDOWN_SECONDS: optional(z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(86_400)).default(30),
  SHARD_COUNT: optional(
    z.union([z.literal('auto'), z.coerce.number().int('must be a whole number or "auto"').min(1, 'must be at least 1')]),
  ).default('auto'),
  MIN_COVERAGE: optional(z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')),
  MIN_CONFIDENCE: optional(z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Environment variable ${variable} ${problem}.`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // zod's message never contains the input value, so a malformed token is not echoed.
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  return result.data;
}

/** The bot needs an application id as well as a token; the console mode needs neither. */
export function requireBotConfig(config: Config): Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string } {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN', 'is required to connect to Discord');
  if (!config.DISCORD_CLIENT_ID) throw new ConfigError('DISCORD_CLIENT_ID', 'is required with DISCORD_TOKEN (the application id from the Developer Portal)');
  return config as Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string };
}
