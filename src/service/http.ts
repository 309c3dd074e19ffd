import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config.ts';
import type { Logger } from '../logger.ts';
import { METRICS_CONTENT_TYPE } from './metrics.ts';
import type { Health } from './observe.ts';

/**
 * The operator's HTTP endpoints (HTTP_PORT): `GET /healthz` answers 200 "ok" while the
 * bot is connected and has its knowledge, 503 with the reason otherwise; `GET /metrics`
 * answers Prometheus's text format. Nothing else is served; bound to HTTP_HOST
 * (127.0.0.1 unless set), since neither needs to be public.
 */

export interface HttpEndpoints {
  health(): Promise<Health> | Health;
  metrics(): Promise<string> | string;
}

export interface RunningHttp {
  readonly port: number;
  close(): Promise<void>;
}

export async function serveHttp(endpoints: HttpEndpoints, options: { port: number; host: string; logger: Pick<Logger, 'info' | 'warn' | 'error'> }): Promise<RunningHttp> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const answer = async () => {
      if (path === '/healthz') {
        const health = await endpoints.health();
        response.writeHead(health.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end(health.ok ? 'ok\n' : `${health.reason ?? 'unhealthy'}\n`);
      } else if (path === '/metrics') {
        const text = await endpoints.metrics();
        response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
        response.end(text);
      } else {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /healthz or /metrics\n');
      }
    };
    answer().catch((error: unknown) => {
      options.logger.warn({ err: error, path }, 'could not answer an HTTP request');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal error\n');
    });
  });
  // Keep-alive sockets of a scraper would hold close() up at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      'HTTP_PORT',
      `cannot be listened on at ${options.host}:${options.port} (${code ?? (error as Error).message}${code === 'EADDRINUSE' ? ': another program uses it' : ''}); pick another port, or check HTTP_HOST`,
    );
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ event: 'http-listening', host: options.host, port }, `health and metrics on http://${options.host}:${port}/healthz and /metrics`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
