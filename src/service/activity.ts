/**
 * Questions answered and abstained on over the last 24 hours, in hourly buckets: what
 * `/status` shows, kept in memory (the feedback store may be off) and so counted since the
 * process started.
 */
const HOUR_MS = 60 * 60 * 1000;
const HOURS = 24;

export interface ActivityCounts {
  answered: number;
  abstained: number;
}

export class Activity {
  private readonly buckets = new Map<number, ActivityCounts>();

  constructor(private readonly now: () => number = Date.now) {}

  add(result: keyof ActivityCounts): void {
    const hour = Math.floor(this.now() / HOUR_MS);
    const bucket = this.buckets.get(hour) ?? { answered: 0, abstained: 0 };
    bucket[result]++;
    this.buckets.set(hour, bucket);
    for (const key of this.buckets.keys()) if (key <= hour - HOURS) this.buckets.delete(key);
  }

  /** Totals of the last 24 hours (the current hour included). */
  lastDay(): ActivityCounts {
    const oldest = Math.floor(this.now() / HOUR_MS) - HOURS + 1;
    const total = { answered: 0, abstained: 0 };
    for (const [hour, counts] of this.buckets) {
      if (hour < oldest) continue;
      total.answered += counts.answered;
      total.abstained += counts.abstained;
    }
    return total;
  }
}
