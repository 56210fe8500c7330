/** The registry's only source of time: tests inject a clock they can move. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** ISO 8601 UTC text of epoch milliseconds, the form every timestamp is stored in. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
