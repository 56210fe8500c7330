/** How fast a key's budget refills and how much it may spend at once. */
export type BucketSettings = {
  /** Requests per second a key may sustain. */
  readonly perSecond: number;
  /** Requests a key may send at once after being quiet (the bucket's size). */
  readonly burst: number;
};

/** Token buckets, one per key (a client address, a partner authority…). */
export type TokenBuckets = {
  /**
   * Spends one token of `key`'s bucket: `0` when there was one (go ahead), else the
   * milliseconds until there will be (answer 429 with that as `Retry-After`).
   */
  take(key: string): number;
  /** How many keys are tracked now (bounded by `maxKeys`). */
  readonly size: number;
};

type Bucket = { tokens: number; at: number };

/**
 * Token buckets (RFC 2697's single-rate idea: a steady refill up to a burst) kept in memory, so
 * a flood is refused before it reaches the database or a signature check. Per process: several
 * node processes behind one address each keep their own budget (documented in SECURITY.md).
 *
 * Memory is bounded: past `maxKeys` keys, buckets that have refilled completely are forgotten
 * (a full bucket is the same as no bucket), and if that is not enough the oldest keys go — an
 * attacker rotating addresses can only reset budgets of keys it floods, never grow the map.
 * Time comes from `now` (the node's clock), so tests step it instead of sleeping.
 */
export function createTokenBuckets(
  settings: BucketSettings,
  options: { now: () => number; maxKeys?: number },
): TokenBuckets {
  const buckets = new Map<string, Bucket>();
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = settings.perSecond / 1000;

  const refilled = (bucket: Bucket, now: number): number =>
    // A clock stepped backwards refills nothing rather than draining.
    Math.min(settings.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);

  const makeRoom = (now: number): void => {
    for (const [key, bucket] of buckets)
      if (refilled(bucket, now) >= settings.burst) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const now = options.now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxKeys) makeRoom(now);
        bucket = { tokens: settings.burst, at: now };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = refilled(bucket, now);
        bucket.at = now;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return perMs > 0 ? Math.ceil((1 - bucket.tokens) / perMs) : Number.POSITIVE_INFINITY;
    },
    get size() {
      return buckets.size;
    },
  };
}
