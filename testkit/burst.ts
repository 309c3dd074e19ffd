/**
 * Bursts of /ask interactions against FakeDiscord, and the bookkeeping that proves none
 * was lost: every interaction dispatched gets exactly one answer (one acknowledgement and
 * one visible message echoing its own question), none missing, none doubled. Used by the
 * reliability tests and by `npm run bench:discord`, which also reads the timings.
 */
import { questionFromContent } from '../src/render/discord.ts';
import { snowflake, type FakeDiscord, type Json, type RecordedRequest } from './fake-discord/index.ts';

/** Questions a burst cycles through: on-topic, off-topic, typos, markdown and mentions. */
export const BURST_QUESTIONS: readonly string[] = [
  'why did Albania cut ties with Iran?',
  'when did the Iranian diplomats leave the embassy in Tirana?',
  'what happened in the July cyberattack?',
  'how did Iran react to the decision?',
  'who won the 1998 football world cup final?',
  'albnia iran embasy',
  'what did Edi Rama say? **bold** @everyone',
  'how long did the diplomats have to leave the country?',
  'is this the first country to cut ties over a cyberattack?',
  'what is the capital of France?',
];

export interface BurstItem {
  id: string;
  token: string;
  question: string;
  userId: string;
  /** When it was dispatched (performance.now()). */
  dispatchedAt: number;
}

export interface BurstOptions {
  /** Interactions to dispatch. */
  count: number;
  /** Spread the dispatches evenly over this many ms (0: all at once). Default 500. */
  windowMs?: number;
  /** Questions to cycle through; each is suffixed with its number so every question is unique. */
  questions?: readonly string[];
  /** Called after the i-th dispatch (0-based), before the next: inject a fault mid-burst. */
  afterDispatch?: (index: number) => void;
  /** Label of the members' usernames (distinct members per burst). */
  label?: string;
}

/** The /ask payload of one member asking one question. */
export function askPayload(fake: FakeDiscord, question: string, user: { id: string; username: string }): Json {
  return fake.slashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user });
}

/**
 * Dispatches `count` /ask interactions from `count` distinct members, the k-th at
 * k × windowMs / count after the first (on the clock, so a busy event loop catches up
 * rather than stretching the burst), and resolves once the last is dispatched.
 */
export async function dispatchBurst(fake: FakeDiscord, options: BurstOptions): Promise<BurstItem[]> {
  const { count, windowMs = 500, questions = BURST_QUESTIONS, label = 'member' } = options;
  const items: BurstItem[] = [];
  const start = performance.now();
  while (items.length < count) {
    const elapsed = performance.now() - start;
    const due = windowMs <= 0 ? count : Math.min(count, Math.floor((elapsed * count) / windowMs) + 1);
    for (let k = items.length; k < due; k++) {
      const user = { id: snowflake(), username: `${label}-${k}` };
      const question = `${questions[k % questions.length]!} #${k}`;
      const { id, token } = fake.sendInteraction(askPayload(fake, question, user));
      items.push({ id, token, question, userId: user.id, dispatchedAt: performance.now() });
      options.afterDispatch?.(k);
    }
    if (items.length < count) {
      const nextAt = start + (items.length * windowMs) / count;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, nextAt - performance.now())));
    }
  }
  return items;
}

export interface Timing {
  /** First acknowledgement (reply or defer) accepted by the fake: Discord's 3 s rule. */
  firstResponseAt?: number;
  /** The message the member sees: the reply, or the edit of a deferred reply. */
  answeredAt?: number;
}

/**
 * Records, from the fake's side, when each interaction was first acknowledged and when
 * its answer became visible (performance.now()). Start it before dispatching.
 */
export class AnswerClock {
  readonly timings = new Map<string, Timing>();
  private readonly byToken = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(fake: FakeDiscord) {
    this.unsubscribe = fake.onRequest((req) => this.record(req));
  }

  /** Lets edits (addressed by token) be matched to their interaction. */
  track(items: readonly BurstItem[]): void {
    for (const item of items) this.byToken.set(item.token, item.id);
  }

  stop(): void {
    this.unsubscribe();
  }

  private record(req: RecordedRequest): void {
    if (req.status < 200 || req.status >= 300) return;
    const now = performance.now();
    const callback = /^\/interactions\/([^/]+)\/[^/]+\/callback$/.exec(req.route);
    if (callback) {
      const timing = this.entry(callback[1]!);
      timing.firstResponseAt ??= now;
      if (req.body?.type === 4) timing.answeredAt ??= now;
      return;
    }
    const webhook = /^\/webhooks\/[^/]+\/([^/]+)(?:\/messages\/@original)?$/.exec(req.route);
    if (webhook && (req.method === 'PATCH' || req.method === 'POST')) {
      const id = this.byToken.get(webhook[1]!);
      if (id) this.entry(id).answeredAt ??= now;
    }
  }

  private entry(id: string): Timing {
    let timing = this.timings.get(id);
    if (!timing) this.timings.set(id, (timing = {}));
    return timing;
  }
}

export interface LossReport {
  dispatched: number;
  /** Exactly one acknowledgement and one visible answer echoing the interaction's own question. */
  answered: number;
  /** No visible answer. */
  missing: string[];
  /** More than one acknowledgement or message, or a second reply refused as already acknowledged. */
  doubled: string[];
  /** Answered with the bot's "something went wrong" notice instead of an answer. */
  failed: string[];
  /** Answered with a message that does not echo the question asked. */
  mismatched: string[];
}

/** What the fake holds for each interaction of a burst, judged "exactly one answer". */
export function lossReport(fake: FakeDiscord, items: readonly BurstItem[]): LossReport {
  const report: LossReport = { dispatched: items.length, answered: 0, missing: [], doubled: [], failed: [], mismatched: [] };
  const refused = new Set(
    fake.requests
      .filter((r) => r.status === 400 && r.response?.code === 40060)
      .map((r) => /^\/interactions\/([^/]+)\//.exec(r.route)?.[1])
      .filter((id): id is string => id !== undefined),
  );
  for (const item of items) {
    const events = fake.interactionLog(item.id);
    const callbacks = events.filter((e) => e.kind === 'callback');
    const visible = events.filter((e) => (e.kind === 'callback' && e.callbackType === 4) || e.kind === 'edit' || e.kind === 'followUp');
    if (callbacks.length > 1 || visible.length > 1 || events.some((e) => e.kind === 'delete') || refused.has(item.id)) {
      report.doubled.push(item.id);
      continue;
    }
    const shown = visible[0];
    if (callbacks.length === 0 || !shown) {
      report.missing.push(item.id);
      continue;
    }
    const content: string = shown.data?.content ?? '';
    if (/something went wrong/.test(content)) report.failed.push(item.id);
    else if (questionFromContent(content) !== item.question) report.mismatched.push(item.id);
    else report.answered += 1;
  }
  return report;
}

/** Resolves once every interaction of the burst shows a visible message (or rejects after `timeoutMs`). */
export function waitForAnswers(fake: FakeDiscord, items: readonly BurstItem[], timeoutMs = 15_000): Promise<void> {
  let next = 0;
  return fake
    .waitUntil(
      () => {
        // Interactions are answered roughly in order: resume from the first unanswered one.
        while (next < items.length && hasVisibleAnswer(fake, items[next]!.id)) next++;
        return next === items.length;
      },
      { timeoutMs, description: `answers to ${items.length} interactions` },
    )
    .then(() => undefined);
}

function hasVisibleAnswer(fake: FakeDiscord, id: string): boolean {
  return fake.interactionLog(id).some((e) => (e.kind === 'callback' && e.callbackType === 4) || e.kind === 'edit' || e.kind === 'followUp');
}
