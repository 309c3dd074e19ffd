/**
 * Delays between attempts at something that failed for a reason outside the bot (Discord
 * or the database unreachable): doubling from `firstMs` up to `maxMs`, with up to a fifth
 * added at random so many restarted processes do not retry in step.
 */
export function backoffDelays(firstMs: number, maxMs: number, random: () => number = Math.random): () => number {
  let next = firstMs;
  return () => {
    const delay = Math.min(next, maxMs);
    next = Math.min(next * 2, maxMs);
    return Math.round(delay * (1 + random() / 5));
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
