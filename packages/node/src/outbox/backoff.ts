/** Retry timing of the outbox. */
export type BackoffPolicy = { baseDelayMs: number; maxDelayMs: number };

/**
 * Exponential backoff with full jitter: after the n-th failed attempt, wait a uniformly random
 * time in [0, min(max, base·2^(n−1))). Full jitter spreads the retries of many entries to a
 * partner that comes back after an outage, instead of all hitting it at once
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * @param failedAttempts attempts made so far (≥ 1)
 * @param fraction a uniform random number in [0, 1)
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: BackoffPolicy,
  fraction: number,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 52);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(Math.min(Math.max(fraction, 0), 1) * ceiling);
}
