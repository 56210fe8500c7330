/** A cumulative Prometheus histogram (upper bounds in seconds). */
export type Histogram = {
  observe(value: number): void;
  readonly bounds: readonly number[];
  /** Cumulative counts per bound, then +Inf. */
  counts(): readonly number[];
  sum(): number;
  count(): number;
};

export function createHistogram(bounds: readonly number[]): Histogram {
  const buckets = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  let count = 0;
  return {
    bounds,
    observe(value) {
      let i = bounds.findIndex((b) => value <= b);
      if (i === -1) i = bounds.length;
      buckets[i] = (buckets[i] ?? 0) + 1;
      sum += value;
      count += 1;
    },
    counts() {
      let running = 0;
      return buckets.map((n) => (running += n));
    },
    sum: () => sum,
    count: () => count,
  };
}
