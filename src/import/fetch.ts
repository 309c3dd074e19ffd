import type { LookupAddress } from 'node:dns';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request } from 'undici';
import { bareHost, systemResolver, vetHost, type AddressPolicy, type HostResolver } from './address.ts';
import { ImportError } from './errors.ts';

/**
 * Fetching a news page without letting the fetch be turned against the server it runs on.
 *
 * - http and https only; every host is resolved and refused when any of its addresses is
 *   not public (loopback, private, link-local, ...), on the first request and on every
 *   redirect (at most 5), each followed by hand so it can be checked.
 * - The connection goes to an address that was checked: the agent's `lookup` is the check
 *   itself, so a name cannot resolve to a public address for the check and to a private one
 *   for the connection (DNS rebinding).
 * - 10 s for everything, redirects and body included; at most 5 MB, counted as the body
 *   streams in (after decompression), aborted as soon as it is exceeded.
 * - HTML or plain text only; a User-Agent that says what is asking.
 */

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const USER_AGENT = 'factdesk-article-import/0.1 (imports one news article a moderator asked for; no crawling)';

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Name resolution (the system's by default); whatever it returns is still checked. */
  resolve?: HostResolver;
  /** See AddressPolicy: exact addresses let through for tests against a local server. Not settable from the CLI or Discord. */
  allowPrivateAddressesForTests?: readonly string[];
}

export interface FetchedPage {
  /** The URL the page finally came from, after redirects. */
  url: string;
  /** The URLs redirected from, in order. */
  redirects: string[];
  /** `text/html`, `application/xhtml+xml` or `text/plain`. */
  mediaType: string;
  /** The charset the Content-Type header declares, if any. */
  charset?: string;
  bytes: Buffer;
}

/** Checks that `text` is an http(s) URL a fetch may start from; returns it parsed. */
export function parseWebUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ImportError(`"${text}" is not a web address (expected http:// or https://…)`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImportError(`only http and https pages can be imported, not ${url.protocol.replace(/:$/, '')}:`);
  if (url.username || url.password) throw new ImportError('a web address with a user name or password in it');
  return url;
}

/** An agent whose every connection goes to an address `vetHost` allowed. */
function vettedAgent(policy: AddressPolicy): Agent {
  const lookup = (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
    vetHost(hostname, policy).then(
      (addresses) => {
        const entries: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (options?.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: unknown) => callback(error),
    );
  };
  return new Agent({ connect: { lookup: lookup as never }, connections: 4, keepAliveTimeout: 1000 });
}

function mediaTypeOf(header: string | undefined): { mediaType?: string; charset?: string } {
  if (!header) return {};
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean);
  return { mediaType: type!.trim().toLowerCase(), ...(charset ? { charset: charset.toLowerCase() } : {}) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decompressor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new ImportError(`the site sent the page in an encoding this importer cannot read (${encoding})`);
  }
}

/** Reads a body to its end, refusing it once it passes `maxBytes` (decompressed). */
async function readCapped(body: Readable, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const inflate = decompressor(encoding);
  const stream: AsyncIterable<Buffer> = inflate ? body.pipe(inflate) : body;
  // An aborted body (the time limit) ends the decompression too, instead of leaving it waiting.
  if (inflate) body.on('error', (error) => inflate.destroy(error));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += chunk.length;
      if (total > maxBytes) throw new ImportError(`the page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; a news article is not`);
      chunks.push(chunk);
    }
  } finally {
    body.destroy();
    inflate?.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** `promise`, or a rejection as soon as `signal` aborts (a DNS lookup cannot be cancelled, but it need not be waited for). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The ImportError behind an undici failure, when a check of ours caused it. */
function ownError(error: unknown): ImportError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ImportError) return e;
  }
  return undefined;
}

/** Fetches a page under the rules above; throws ImportError with the reason otherwise. */
export async function fetchPage(address: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_PAGE_BYTES;
  const policy: AddressPolicy = {
    resolve: options.resolve ?? systemResolver,
    ...(options.allowPrivateAddressesForTests ? { allowPrivateAddressesForTests: options.allowPrivateAddressesForTests } : {}),
  };
  const agent = vettedAgent(policy);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const redirects: string[] = [];
  let url = parseWebUrl(address);
  try {
    for (;;) {
      // An IP literal never reaches `lookup`, so it is checked here; names are checked here for a clear early message, and again by the agent.
      await untilAborted(vetHost(bareHost(url), policy), controller.signal);
      const response = await request(url, {
        dispatcher: agent,
        method: 'GET',
        signal: controller.signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=1, *;q=0.5',
        },
      });
      const { statusCode } = response;
      if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
        await response.body.dump();
        const location = headerValue(response.headers.location);
        if (!location) throw new ImportError(`the site answered ${statusCode} (a redirect) without saying where to`);
        if (redirects.length >= MAX_REDIRECTS) throw new ImportError(`more than ${MAX_REDIRECTS} redirects (${[...redirects, url.href].join(' → ')})`);
        redirects.push(url.href);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new ImportError(`the site redirected to something that is not a web address ("${location}")`);
        }
        url = parseWebUrl(next.href);
        continue;
      }
      if (statusCode < 200 || statusCode >= 300) {
        await response.body.dump();
        throw new ImportError(
          `the site answered ${statusCode}${statusCode === 403 || statusCode === 401 ? ' (it does not let this importer read the page; save it from a browser and import the file)' : statusCode === 404 ? ' (no such page)' : ''}`,
        );
      }
      const { mediaType, charset } = mediaTypeOf(headerValue(response.headers['content-type']));
      if (mediaType && !PAGE_TYPES.has(mediaType)) {
        await response.body.dump();
        throw new ImportError(`the address gives ${mediaType}, not a web page (HTML or text)`);
      }
      const length = Number(headerValue(response.headers['content-length']));
      if (Number.isFinite(length) && length > maxBytes) {
        response.body.destroy();
        throw new ImportError(`the page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; a news article is not`);
      }
      const bytes = await readCapped(response.body, headerValue(response.headers['content-encoding']), maxBytes);
      return { url: url.href, redirects, mediaType: mediaType ?? 'text/html', ...(charset ? { charset } : {}), bytes };
    }
  } catch (error) {
    const own = ownError(error);
    if (own) throw own;
    if (controller.signal.aborted) throw new ImportError(`the site did not send the page within ${timeoutMs / 1000} s`);
    const code = (error as { code?: string }).code;
    throw new ImportError(`cannot fetch ${url.host}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  } finally {
    clearTimeout(timer);
    void agent.destroy().catch(() => undefined);
  }
}
