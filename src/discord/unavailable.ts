import { DiscordAPIError, HTTPError } from 'discord.js';
import { redactUrlTokens } from '../logger.ts';

/**
 * Discord failing on its side (5xx after discord.js's own retries), or not reachable at
 * all: nothing in the configuration to fix, so the operator gets one line saying what
 * happened and to try again, not a stack trace. Exit status 1: a supervisor may restart.
 */
export class DiscordUnavailableError extends Error {
  override name = 'DiscordUnavailableError';
  readonly exitCode = 1;
}

/** Network failures that mean "Discord cannot be reached from here". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** `error` as a DiscordUnavailableError when it is one of those failures; undefined otherwise. */
export function asUnavailable(error: unknown, what: string): DiscordUnavailableError | undefined {
  if ((error instanceof HTTPError || error instanceof DiscordAPIError) && error.status >= 500) {
    return new DiscordUnavailableError(
      `Discord answered ${error.status} to ${error.method} ${routeOf(error.url)} while ${what}: it is having trouble on its side. Try again in a few minutes.`,
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new DiscordUnavailableError(`Discord did not answer in time while ${what}. Try again in a few minutes.`);
  }
  const code = networkCode(error);
  if (code) {
    return new DiscordUnavailableError(`Could not reach Discord (${code}) while ${what}: check the network and DISCORD_API_URL, then try again.`);
  }
  return undefined;
}

/** The API route of a request URL ("/gateway/bot"), without host or interaction tokens. */
function routeOf(url: string): string {
  let route = url;
  try {
    route = new URL(url).pathname;
  } catch {
    // Not a URL: keep what there is.
  }
  return redactUrlTokens(route.replace(/^\/api(?:\/v\d+)?/, ''));
}

/** The system error code of a failed connection, looking through `fetch failed` causes. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}
