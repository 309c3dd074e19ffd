/**
 * HTTP_PORT: /healthz and /metrics of the compiled bot (`npm run bot`) and of its shard
 * manager, read as an operator's probe and Prometheus would, against the fake Discord.
 * Also: Discord down at start is said and retried, and the health check says why it fails.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../testkit/fake-discord/index.ts';
import { fakeDiscordPerTest } from './per-test.ts';
import { botEnv, runNpm, runScript } from '../../testkit/process.ts';
import { parsePrometheus } from './prometheus.ts';

let fake: FakeDiscord;
const track = fakeDiscordPerTest((started) => (fake = started));
/** A bound so a hung test ends on a loaded machine, never a measure. */
const PATIENCE = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** Polls an endpoint until `accept` holds: a condition, bounded by the test's limit. */
async function until(port: number, path: string, accept: (r: { status: number; body: string }) => boolean) {
  for (;;) {
    const r = await get(port, path).catch(() => undefined);
    if (r && accept(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('health and metrics of npm run bot', () => {
  it(
    'say 503 with the reason while Discord is down at start, then 200 and Prometheus text once it connects',
    async () => {
      const outage = fake.serverError({ method: 'GET', path: '/gateway/bot' }, { status: 503, times: Infinity });
      const port = await freePort();
      const bot = runNpm('bot', botEnv(fake, { HTTP_PORT: String(port), DISCORD_CLIENT_ID: '' }));
      track(bot);

      await bot.waitForOutput(/Discord answered 503 to GET \/gateway\/bot[^\n]*Trying again in \d+ s \(attempt 1\)/);
      const down = await until(port, '/healthz', (r) => r.status !== 0);
      expect(down.status).toBe(503);
      expect(down.body).toMatch(/gateway not connected/);
      expect(bot.child.exitCode).toBeNull();
      expect(bot.stderr).not.toMatch(/Unexpected error|\n\s+at /);
      expect(outage.fired).toBeGreaterThan(0);

      fake.clearFaults();
      await bot.waitForOutput(/connected to Discord/);
      const healthy = await until(port, '/healthz', (r) => r.status === 200);
      expect(healthy.body).toBe('ok\n');

      const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: 'why did Albania cut ties with Iran?' } }));
      expect((await fake.waitForResponse(id, PATIENCE)).callbackType).toBe(4);
      const metrics = await until(port, '/metrics', (r) => r.status === 200 && /factdesk_questions_total\{[^}]*result="answered"/.test(r.body));
      expect((await get(port, '/metrics')).type).toMatch(/^text\/plain; version=0\.0\.4/);
      const m = parsePrometheus(metrics.body);
      expect(m.types.get('factdesk_questions_total')).toBe('counter');
      expect(m.value('factdesk_questions_total', { command: 'ask', result: 'answered' })).toBe(1);
      expect(m.types.get('factdesk_answer_seconds')).toBe('histogram');
      expect(m.value('factdesk_answer_seconds_count', { command: 'ask' })).toBe(1);
      expect(m.value('factdesk_gateway_connected')).toBe(1);
      expect(m.value('factdesk_knowledge_articles')).toBe(1);
      expect(m.value('factdesk_knowledge_sentences')).toBeGreaterThan(10);
      expect(m.all('factdesk_rest_rate_limited_total')).toEqual([]);
      expect((await get(port, '/other')).status).toBe(404);
      expect(metrics.body).not.toContain(fake.token);
    },
    PATIENCE,
  );
});

describe('HTTP_PORT taken by another program', () => {
  it(
    'stops the bot at start with a message naming HTTP_PORT, not a stack trace',
    async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
      const { port } = taken.address() as { port: number };
      try {
        const bot = runScript('src/main.ts', botEnv(fake, { HTTP_PORT: String(port) }));
        track(bot);
        expect((await bot.exited).code).toBe(1);
        expect(bot.stderr).toMatch(new RegExp(`Environment variable HTTP_PORT cannot be listened on at 127\\.0\\.0\\.1:${port} \\(EADDRINUSE: another program uses it\\)`));
        expect(bot.stderr).not.toMatch(/Unexpected error|\n\s+at /);
        expect(fake.identifyCount).toBe(0);
      } finally {
        taken.close();
      }
    },
    PATIENCE,
  );
});

describe('a refused token with HTTP_PORT set', () => {
  it(
    'still stops the bot with exit status 78: the HTTP server does not keep it running',
    async () => {
      const wrong = `${'x'.repeat(24)}.wrong.${'y'.repeat(27)}`;
      const bot = runScript('src/main.ts', botEnv(fake, { HTTP_PORT: String(await freePort()), DISCORD_TOKEN: wrong }));
      track(bot);
      expect((await bot.exited).code).toBe(78);
      expect(bot.stderr).toMatch(/DISCORD_TOKEN .*invalid/);
    },
    PATIENCE,
  );
});

describe('health and metrics of npm run bot:sharded', () => {
  it(
    'are answered by the manager for every shard, each series labelled with its shard',
    async () => {
      const port = await freePort();
      const manager = runNpm('bot:sharded', botEnv(fake, { HTTP_PORT: String(port), SHARD_COUNT: '2', DISCORD_CLIENT_ID: '' }));
      track(manager);
      await until(port, '/healthz', (r) => r.status === 200);

      const { id } = fake.sendInteraction(fake.slashCommand({ name: 'ask', options: { question: 'why did Albania cut ties with Iran?' } }), { shard: 1 });
      expect((await fake.waitForResponse(id, PATIENCE)).callbackType).toBe(4);
      const metrics = await until(port, '/metrics', (r) => r.status === 200 && /factdesk_questions_total\{[^}]*shard="1"/.test(r.body));
      const m = parsePrometheus(metrics.body);
      expect(m.value('factdesk_shard_up', { shard: '0' })).toBe(1);
      expect(m.value('factdesk_shard_up', { shard: '1' })).toBe(1);
      expect(m.value('factdesk_questions_total', { command: 'ask', result: 'answered', shard: '1' })).toBe(1);
      expect(m.value('factdesk_questions_total', { command: 'ask', result: 'answered', shard: '0' })).toBeUndefined();
      expect(m.value('factdesk_gateway_connected', { shard: '0' })).toBe(1);
      expect(m.value('factdesk_gateway_connected', { shard: '1' })).toBe(1);
      expect(m.value('factdesk_knowledge_articles', { shard: '0' })).toBe(1);
    },
    PATIENCE,
  );
});
