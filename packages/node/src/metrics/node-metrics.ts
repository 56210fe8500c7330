import { createHistogram, type Histogram } from './histogram.js';

/**
 * In-process metrics the node records as things happen. Gauges that live in the database
 * (certificates by status, outbox depth) are read at scrape time instead, so they are right
 * across restarts and processes.
 */
export type NodeMetrics = {
  /** An error answered at the HTTP edge, by code. */
  errorAnswered(code: string): void;
  /** Seconds from enqueue to an accepted receipt. */
  delivered(latencySeconds: number): void;
  /** The outcome of one delivery attempt. */
  attempted(outcome: 'delivered' | 'rejected' | 'failed' | 'dead'): void;
  readonly errors: ReadonlyMap<string, number>;
  readonly attempts: ReadonlyMap<string, number>;
  readonly deliveryLatency: Histogram;
};

/** Delivery latency buckets: sub-second in-region delivery up to a day of partner outage. */
export const deliveryLatencyBounds: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400,
];

export function createNodeMetrics(): NodeMetrics {
  const errors = new Map<string, number>();
  const attempts = new Map<string, number>();
  const deliveryLatency = createHistogram(deliveryLatencyBounds);
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  return {
    errorAnswered: (code) => bump(errors, code),
    delivered: (seconds) => deliveryLatency.observe(Math.max(0, seconds)),
    attempted: (outcome) => bump(attempts, outcome),
    errors,
    attempts,
    deliveryLatency,
  };
}
