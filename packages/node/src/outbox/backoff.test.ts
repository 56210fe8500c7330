import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 15 * 60 * 1000 };

describe('backoffDelayMs (exponential, full jitter, capped)', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const almostOne = 0.999999;
    expect(backoffDelayMs(1, policy, almostOne)).toBe(999);
    expect(backoffDelayMs(2, policy, almostOne)).toBe(1999);
    expect(backoffDelayMs(5, policy, almostOne)).toBe(15999);
    expect(backoffDelayMs(30, policy, almostOne)).toBe(899999);
    expect(backoffDelayMs(10_000, policy, almostOne)).toBe(899999);
  });

  it('is always within [0, min(cap, base·2^(n−1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, f) => {
          const d = backoffDelayMs(n, policy, f);
          return (
            Number.isInteger(d) &&
            d >= 0 &&
            d < Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(n - 1, 52))
          );
        },
      ),
    );
  });
});
