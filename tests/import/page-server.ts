import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A web server on 127.0.0.1 serving the fixture pages the way publishers' servers do
 * (and the ways they go wrong): plain pages, a redirect chain, a redirect loop, redirects
 * to private and metadata addresses, a page that never finishes, one that never ends,
 * one that announces its size, a PDF, a gzip body and mislabelled charsets.
 */

export const PAGES = path.resolve(import.meta.dirname, '../fixtures/pages');

export interface PageServer {
  base: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** User-Agent of the last request. */
  userAgent(): string | undefined;
  close(): Promise<void>;
}

const page = (name: string) => readFileSync(path.join(PAGES, name));

export async function startPageServer(): Promise<PageServer> {
  const requests: string[] = [];
  let lastAgent: string | undefined;
  const open = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    lastAgent = req.headers['user-agent'];
    const html = (body: Buffer, type = 'text/html; charset=utf-8') => {
      res.writeHead(200, { 'content-type': type, 'content-length': body.length });
      res.end(body);
    };
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { location });
      res.end();
    };
    const p = url.pathname;
    if (p.startsWith('/pages/')) {
      const name = path.basename(p);
      try {
        return html(page(name), name.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8');
      } catch {
        res.writeHead(404).end('not found');
        return;
      }
    }
    switch (p) {
      case '/r/1':
        return redirect(301, '/r/2');
      case '/r/2':
        return redirect(302, `http://127.0.0.1:${port}/r/3`);
      case '/r/3':
        return redirect(307, '/pages/jsonld-newsarticle.html?utm_source=newsletter');
      case '/to-private':
        return redirect(302, 'http://10.20.30.40/internal/report');
      case '/to-metadata':
        return redirect(302, 'http://169.254.169.254/latest/meta-data/');
      case '/to-host':
        return redirect(302, `http://${url.searchParams.get('host')}:${port}/pages/jsonld-newsarticle.html`);
      case '/to-ftp':
        return redirect(302, 'ftp://files.example/article.html');
      case '/index-plain':
        // The index page without the JSON-LD and og:type that say what it is.
        return html(
          Buffer.from(
            page('index-page.html')
              .toString()
              .replace(/<script type="application\/ld\+json">.*?<\/script>/s, '')
              .replace(/<meta property="og:type"[^>]*>/, ''),
          ),
        );
      case '/latin1':
        return html(page('windows-1252.html'), 'text/html');
      case '/mislabelled':
        return html(page('mislabelled-utf8.html'), 'text/html; charset=ISO-8859-1');
      case '/gzip': {
        const body = gzipSync(page('opengraph-only.html'));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': body.length });
        res.end(body);
        return;
      }
      case '/pdf':
        return html(Buffer.from('%PDF-1.7\n'), 'application/pdf');
      case '/slow':
        // Headers, then a trickle that never finishes: only the total time limit ends it.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>');
        open.add(res);
        return;
      case '/huge': {
        // No Content-Length: the limit must be enforced while the body streams.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.from(`<p>${'All work and no play. '.repeat(2900)}</p>\n`);
        let sent = 0;
        const pump = () => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        pump();
        return;
      }
      case '/huge-declared':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(80 * 1024 * 1024) });
        res.write('<html>');
        open.add(res);
        return;
      case '/missing':
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
        return;
      default:
        if (p.startsWith('/loop/')) return redirect(302, `/loop/${Number(p.slice(6)) + 1}`);
        res.writeHead(404).end();
    }
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requests,
    userAgent: () => lastAgent,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
