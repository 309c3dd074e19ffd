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

/** The mistakes people make pasting a token, each with what to do instead (the value itself is never echoed). */
function tokenProblem(value: string): string | undefined {
  if (/^bot\s/i.test(value)) return 'starts with "Bot ": paste the token alone, without the "Bot " prefix';
  if (/^["'`]|["'`]$/.test(value)) return 'is wrapped in quotes: paste the token alone, without quotes';
  if (!/^[A-Za-z0-9._-]{30,}$/.test(value)) return 'does not look like a bot token (expected 30+ letters, digits, ".", "_" or "-")';
  return undefined;
}

/**
 * SHARDS: the shard ids this machine runs, as `0-3`, `4,5,6` or a mix (`0-1,5`); with it,
 * SHARD_COUNT must be the total over every machine. Parsed into sorted, distinct ids.
 */
export function parseShardList(text: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 10_000) return undefined;
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return [...ids].sort((a, b) => a - b);
}

const port = z.coerce.number().int('must be a port number (1-65535)').min(1, 'must be a port number (1-65535)').max(65_535, 'must be a port number (1-65535)');

const schema = z.object({
  DISCORD_TOKEN: optional(
    z.string().superRefine((value, ctx) => {
      const problem = tokenProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
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
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int('must be a whole number or "auto"').min(1, 'must be at least 1')])).default('auto'),
  MIN_COVERAGE: optional(z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')),
  MIN_CONFIDENCE: optional(z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')),
  SHARDS: optional(
    z.string().transform((v, ctx) => {
      const ids = parseShardList(v);
      if (!ids) ctx.addIssue({ code: 'custom', message: 'must list shard ids such as 0-3 or 4,5,6' });
      return ids ?? [];
    }),
  ),
  HTTP_PORT: optional(port),
  HTTP_HOST: optional(z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address such as 127.0.0.1 or 0.0.0.0')).default('127.0.0.1'),
  DATABASE_URL: optional(z.string().refine((v) => /^postgres(?:ql)?:\/\//i.test(v) && URL.canParse(v), 'must be a postgres:// or postgresql:// URL')),
});

export type Config = z.infer<typeof schema>;

/**
 * discord.js's shard manager sets SHARDS (one id) and SHARD_COUNT for each shard process;
 * they are checked against each other only where an operator sets them (no manager yet).
 */
function checkShards(config: Config, env: NodeJS.ProcessEnv): void {
  if (!config.SHARDS || env.SHARDING_MANAGER) return;
  if (config.SHARD_COUNT === 'auto') throw new ConfigError('SHARD_COUNT', 'must be the total number of shards over every machine when SHARDS is set');
  const beyond = config.SHARDS.find((id) => id >= (config.SHARD_COUNT as number));
  if (beyond !== undefined) throw new ConfigError('SHARDS', `lists shard ${beyond}, but SHARD_COUNT is ${config.SHARD_COUNT} (ids run from 0 to SHARD_COUNT - 1)`);
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
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
  checkShards(result.data, env);
  return result.data;
}

/** The bot needs a token; its application id comes from Discord once connected. */
export function requireToken(config: Config): Config & { DISCORD_TOKEN: string } {
  if (!config.DISCORD_TOKEN)
    throw new ConfigError('DISCORD_TOKEN', 'is required to connect to Discord (set it in the environment or .env; `npm start` without it runs the console mode)');
  return config as Config & { DISCORD_TOKEN: string };
}

/** Registering commands needs the application id as well as a token; the console mode needs neither. */
export function requireBotConfig(config: Config): Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string } {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN', 'is required to connect to Discord');
  if (!config.DISCORD_CLIENT_ID) throw new ConfigError('DISCORD_CLIENT_ID', 'is required with DISCORD_TOKEN (the application id from the Developer Portal)');
  return config as Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string };
}
