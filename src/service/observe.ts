import { Events, RESTEvents, Status, type Client } from 'discord.js';
import type { KnowledgeSource, LiveKnowledge } from '../load/live.ts';
import type { LastReload, StatusFacts } from '../render/status.ts';
import type { InteractionRouter } from '../discord/router.ts';
import { Activity } from './activity.ts';
import { BotMetrics } from './metrics.ts';

/**
 * What the bot tells about itself: Prometheus metrics, the health check and what `/status`
 * shows, fed by the client's events, the router's outcomes and the knowledge's reloads.
 * Under the shard manager, each shard process has one, reached by the manager (and by the
 * other shards' `/status`) through `broadcastEval` under a fixed key on the client.
 */

/** Outcomes of a question the sources answered, and of one they did not cover. */
const ANSWERED = new Set(['answered', 'found']);
const ABSTAINED = new Set(['abstained']);

export interface Health {
  ok: boolean;
  /** Why not, in a few words; absent when healthy. */
  reason?: string;
}

export class BotService {
  readonly metrics: BotMetrics;
  readonly activity = new Activity();
  private lastReload: LastReload | undefined;
  private readonly feedbackState: string;

  constructor(
    private readonly client: Client,
    router: InteractionRouter,
    private readonly knowledge: KnowledgeSource,
    options: { shard?: string; feedbackStats?: () => { pending: number; dropped: number }; feedbackState?: string } = {},
  ) {
    this.feedbackState = options.feedbackState ?? 'off';
    this.metrics = new BotMetrics(
      { knowledge: () => this.knowledgeCounts(), connected: () => this.connected(), ...(options.feedbackStats ? { feedback: options.feedbackStats } : {}) },
      options.shard === undefined ? {} : { shard: options.shard },
    );
    const m = this.metrics;
    router.onHandled((handled) => {
      const command = handled.command ?? 'unknown';
      if (handled.outcome === 'autocomplete') return;
      m.interactions.inc({ command, outcome: handled.outcome });
      if (handled.deferred) m.deferred.inc({ command });
      const result = ANSWERED.has(handled.outcome) ? 'answered' : ABSTAINED.has(handled.outcome) ? 'abstained' : undefined;
      if (!result) return;
      m.questions.inc({ command, result });
      m.answerSeconds.observe({ command }, handled.latencyMs / 1000);
      this.activity.add(result);
    });
    client.on(Events.ShardReconnecting, () => m.reconnects.inc());
    client.on(Events.ShardResume, () => m.resumes.inc());
    client.rest.on(RESTEvents.Response, (request, response) => {
      if (response.status !== 429) return;
      m.rateLimited.inc({ global: response.headers.get('x-ratelimit-global') === 'true' ? 'true' : 'false' });
    });
    const live = knowledge as Partial<Pick<LiveKnowledge, 'onReload'>>;
    live.onReload?.((result) => {
      m.reloads.inc({ outcome: result.status });
      this.lastReload = { outcome: result.status, at: new Date().toISOString() };
    });
    Object.defineProperty(client, SERVICE_KEY, { value: this, enumerable: false });
  }

  connected(): boolean {
    return this.client.ws.status === Status.Ready;
  }

  health(): Health {
    if (!this.knowledge.current) return { ok: false, reason: 'knowledge not loaded' };
    if (!this.connected()) return { ok: false, reason: `gateway not connected (${Status[this.client.ws.status] ?? this.client.ws.status})` };
    return { ok: true };
  }

  status(): StatusFacts {
    const counts = this.knowledgeCounts();
    return {
      shards: this.client.shard?.ids ?? [...this.client.ws.shards.keys()],
      pingMs: Math.round(this.client.ws.ping),
      connected: this.connected(),
      ...counts,
      uptimeSeconds: Math.round(process.uptime()),
      ...(this.lastReload ? { lastReload: this.lastReload } : {}),
      lastDay: this.activity.lastDay(),
      feedback: this.feedbackState,
    };
  }

  private knowledgeCounts(): { articles: number; sentences: number } {
    const sources = this.knowledge.current.engine.sources();
    return { articles: sources.length, sentences: sources.reduce((n, s) => n + s.sentences, 0) };
  }
}

/** The key under which a client carries its process's service, for code run by `broadcastEval`. */
export const SERVICE_KEY = 'factdeskService';

export function serviceOf(client: Client): BotService | undefined {
  return (client as unknown as Record<string, BotService | undefined>)[SERVICE_KEY];
}
