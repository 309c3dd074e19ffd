import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics, one registry per process. Under the shard manager every
 * series carries a `shard` label (the shard ids of the process), so the manager can put
 * the shards' registries together without summing one shard into another.
 */
/** Values read when Prometheus scrapes, so they are never stale. */
export interface MetricReaders {
  knowledge(): { articles: number; sentences: number };
  connected(): boolean;
  feedback?(): { pending: number; dropped: number };
}

export class BotMetrics {
  readonly registry = new Registry();
  private readonly readers: MetricReaders;

  readonly questions = new Counter({
    name: 'factdesk_questions_total',
    help: 'Questions answered or abstained on, by command (ask, Find sources)',
    labelNames: ['command', 'result'] as const,
    registers: [this.registry],
  });

  readonly answerSeconds = new Histogram({
    name: 'factdesk_answer_seconds',
    help: 'Time from the interaction reaching the bot to its answer sent, for questions',
    labelNames: ['command'] as const,
    // Discord drops a first response after 3 s: the buckets resolve around it.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [this.registry],
  });

  readonly deferred = new Counter({
    name: 'factdesk_deferred_replies_total',
    help: 'Interactions acknowledged first ("thinking…") and answered by an edit',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly interactions = new Counter({
    name: 'factdesk_interactions_total',
    help: 'Interactions handled, by command or component and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly reconnects = new Counter({ name: 'factdesk_gateway_reconnects_total', help: 'Gateway reconnections started', registers: [this.registry] });
  readonly resumes = new Counter({
    name: 'factdesk_gateway_resumes_total',
    help: 'Gateway connections resumed where they left off (missed events replayed)',
    registers: [this.registry],
  });
  readonly connected: Gauge = new Gauge({
    name: 'factdesk_gateway_connected',
    help: '1 while the gateway is connected and ready, 0 otherwise',
    registers: [this.registry],
    collect: (): void => this.connected.set(this.readers.connected() ? 1 : 0),
  });

  readonly rateLimited = new Counter({
    name: 'factdesk_rest_rate_limited_total',
    help: 'REST responses with status 429, by whether the limit was global',
    labelNames: ['global'] as const,
    registers: [this.registry],
  });

  readonly reloads = new Counter({
    name: 'factdesk_knowledge_reloads_total',
    help: 'Knowledge reloads, by outcome (reloaded, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly articles: Gauge = new Gauge({
    name: 'factdesk_knowledge_articles',
    help: 'Articles the bot answers from',
    registers: [this.registry],
    collect: (): void => this.articles.set(this.readers.knowledge().articles),
  });
  readonly sentences: Gauge = new Gauge({
    name: 'factdesk_knowledge_sentences',
    help: 'Sentences the bot answers from',
    registers: [this.registry],
    collect: (): void => this.sentences.set(this.readers.knowledge().sentences),
  });

  readonly feedbackPending: Gauge = new Gauge({
    name: 'factdesk_feedback_pending',
    help: 'Feedback records waiting in memory for the database',
    registers: [this.registry],
    collect: (): void => this.feedbackPending.set(this.readers.feedback?.().pending ?? 0),
  });
  readonly feedbackDropped: Gauge = new Gauge({
    name: 'factdesk_feedback_dropped',
    help: 'Feedback records dropped since start (database away too long, or too many waiting)',
    registers: [this.registry],
    collect: (): void => this.feedbackDropped.set(this.readers.feedback?.().dropped ?? 0),
  });

  constructor(readers: MetricReaders, labels: { shard?: string } = {}) {
    this.readers = readers;
    if (labels.shard !== undefined) this.registry.setDefaultLabels({ shard: labels.shard });
    collectDefaultMetrics({ register: this.registry, prefix: 'factdesk_' });
  }
}

/** The content type of Prometheus's text format. */
export const METRICS_CONTENT_TYPE = new Registry().contentType;
