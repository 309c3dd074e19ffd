import { AggregatorRegistry, Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { ShardingManager } from 'discord.js';
import type { Logger } from '../logger.ts';
import { serveHttp, type RunningHttp } from './http.ts';
import type { Health } from './observe.ts';

/**
 * HTTP_PORT under the shard manager: the shard processes serve nothing themselves (they
 * would all want the port); the manager asks each of them over the shard IPC and answers
 * for the whole slice. /metrics puts the shards' registries together (prom-client's
 * aggregator; each series keeps its `shard` label) and adds `factdesk_shard_up`; /healthz
 * is 200 only when every shard of this machine answers healthy.
 */

/** A shard that does not answer within this long counts as down. */
const SHARD_ANSWER_MS = 2_000;

type Answer<T> = { shard: number; value?: T; error?: string };

async function askEveryShard<T>(manager: ShardingManager, ask: string): Promise<Answer<T>[]> {
  return Promise.all(
    [...manager.shards.values()].map(async (shard) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), SHARD_ANSWER_MS)));
        // Runs in the shard's process (from its source text; nothing here is in scope there).
        const value = (await Promise.race([
          shard.eval((client, what) => {
            const service = (client as unknown as Record<string, { health(): unknown; metrics: { registry: { getMetricsAsJSON(): Promise<unknown> } } } | undefined>)
              .factdeskService;
            if (!service) return { error: 'starting' };
            return what === 'health' ? service.health() : service.metrics.registry.getMetricsAsJSON();
          }, ask),
          timeout,
        ])) as T & { error?: string };
        if (value && typeof value === 'object' && 'error' in value && typeof value.error === 'string') return { shard: shard.id, error: value.error };
        return { shard: shard.id, value };
      } catch (error) {
        return { shard: shard.id, error: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

export async function managerHealth(manager: ShardingManager, expected: readonly number[]): Promise<Health> {
  if (manager.shards.size < expected.length) return { ok: false, reason: `shards starting (${manager.shards.size} of ${expected.length} launched)` };
  const answers = await askEveryShard<Health>(manager, 'health');
  const bad = answers.filter((a) => a.error !== undefined || !a.value?.ok);
  if (bad.length === 0) return { ok: true };
  return { ok: false, reason: bad.map((a) => `shard ${a.shard}: ${a.error ?? a.value?.reason ?? 'unhealthy'}`).join('; ') };
}

export async function managerMetrics(manager: ShardingManager, expected: readonly number[]): Promise<string> {
  const answers = await askEveryShard<MetricObjectWithValues<MetricValue<string>>[]>(manager, 'metrics');
  const aggregated = AggregatorRegistry.aggregate(answers.filter((a) => a.value).map((a) => a.value!));
  const own = new Registry();
  const up = new Gauge({ name: 'factdesk_shard_up', help: 'Whether the shard process answered the manager (1) or not (0)', labelNames: ['shard'] as const, registers: [own] });
  for (const id of expected) up.set({ shard: String(id) }, answers.some((a) => a.shard === id && a.value) ? 1 : 0);
  return `${await aggregated.metrics()}\n${await own.metrics()}`;
}

export function serveManagerHttp(
  manager: ShardingManager,
  options: { port: number; host: string; logger: Pick<Logger, 'info' | 'warn' | 'error'>; shards: readonly number[] },
): Promise<RunningHttp> {
  return serveHttp({ health: () => managerHealth(manager, options.shards), metrics: () => managerMetrics(manager, options.shards) }, options);
}
