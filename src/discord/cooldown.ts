/**
 * Per-member rate limit: at most `questions` within any `seconds`-long window (a sliding
 * window, so a burst cannot straddle two fixed windows). In memory: a restart forgets it,
 * which only ever errs on the member's side.
 */
export interface CooldownOptions {
  questions: number;
  seconds: number;
  /** Clock in ms; tests pass their own. */
  now?: () => number;
}

export type CooldownResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class Cooldown {
  readonly questions: number;
  readonly seconds: number;
  private readonly now: () => number;
  private readonly hits = new Map<string, number[]>();
  private calls = 0;

  constructor(options: CooldownOptions) {
    this.questions = options.questions;
    this.seconds = options.seconds;
    this.now = options.now ?? Date.now;
  }

  /** Counts one question for `key` if allowed; otherwise says how long to wait. */
  take(key: string): CooldownResult {
    const now = this.now();
    const windowMs = this.seconds * 1000;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= this.questions) {
      this.hits.set(key, recent);
      return { ok: false, retryAfterSeconds: (recent[0]! + windowMs - now) / 1000 };
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (++this.calls % 500 === 0) this.prune(now - windowMs);
    return { ok: true };
  }

  /** Members currently tracked (for tests and metrics). */
  get size(): number {
    return this.hits.size;
  }

  private prune(before: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => t > before)) this.hits.delete(key);
  }
}
