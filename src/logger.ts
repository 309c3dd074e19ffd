import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Replaces every occurrence of each secret in a string. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  return out;
}

/**
 * Interaction tokens travel in URL paths (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<app>/<token>/...`), and so in the `url` of every REST error discord.js
 * throws. For 15 minutes they let anyone answer as the bot in that channel.
 */
const URL_TOKENS = /((?:interactions|webhooks)\/\d{15,25}\/)[A-Za-z0-9._~-]{20,}/g;

/** `text` with the interaction and webhook tokens of the URLs it contains replaced. */
export function redactUrlTokens(text: string): string {
  return text.replace(URL_TOKENS, '$1[REDACTED]');
}

/**
 * The structured logger. Secrets (the bot token) are scrubbed from every line as it is
 * written, whatever field or error message carries them, including errors that
 * discord.js builds from request data; so are interaction tokens in URLs.
 */
export function createLogger(options: { level?: string; secrets?: readonly string[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s && s.length >= 8);
  const target = options.destination ?? pino.destination({ dest: 2, sync: true });
  const stream: DestinationStream = { write: (line: string) => target.write(redactUrlTokens(redact(line, secrets))) };
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
