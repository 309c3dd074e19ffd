import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Replaces every occurrence of each secret in a string. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  return out;
}

/**
 * The structured logger. Secrets (the bot token) are scrubbed from every line as it is
 * written, whatever field or error message carries them, including errors that
 * discord.js builds from request data.
 */
export function createLogger(options: { level?: string; secrets?: readonly string[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s && s.length >= 8);
  const target = options.destination ?? pino.destination({ dest: 2, sync: true });
  const stream: DestinationStream = secrets.length
    ? { write: (line: string) => target.write(redact(line, secrets)) }
    : target;
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'], censor: '[REDACTED]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    stream,
  );
}
