/** The only source of time in the node: tests inject a manual clock and step it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that moves only when told; for tests and simulations. */
export type ManualClock = Clock & { set(ms: number | string): void; advance(ms: number): void };

/**
 * Creates a {@link ManualClock} starting at `start` (epoch ms or an ISO date-time).
 *
 * @example
 * ```ts
 * const clock = createManualClock('2026-03-02T09:00:00Z');
 * clock.advance(60_000);
 * ```
 */
export function createManualClock(start: number | string): ManualClock {
  const parse = (t: number | string): number => (typeof t === 'number' ? t : Date.parse(t));
  let now = parse(start);
  if (!Number.isFinite(now)) throw new TypeError(`not a time: ${String(start)}`);
  return {
    now: () => now,
    set: (t) => {
      now = parse(t);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** ISO 8601 UTC text of a clock reading, the form every timestamp is stored in. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
