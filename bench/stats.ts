/** Nearest-rank percentile (p in 0–1) of a list of timings; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Visits every item once in a spread-out order (a stride coprime with the length), so
 * that when a time budget cuts a pass short, the measured part still mixes plain
 * questions, typos and off-topic ones.
 */
export function spreadOrder<T>(items: readonly T[]): T[] {
  const n = items.length;
  if (n < 3) return [...items];
  let stride = Math.max(1, Math.round(n * 0.382));
  while (gcd(stride, n) !== 1) stride++;
  const out: T[] = [];
  for (let k = 0, i = 0; k < n; k++, i = (i + stride) % n) out.push(items[i]!);
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The median of a list (the mean of the middle two for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Smallest and largest of a list, ignoring missing values; undefined when there are none. */
export function spread(values: readonly number[]): [number, number] | undefined {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : undefined;
}

/** A small seeded generator (mulberry32), so generated questions are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
