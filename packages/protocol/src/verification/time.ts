/** A point in time given to kpx: a `Date` or an RFC 3339 date-time string. */
export type Instant = Date | string;

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an RFC 3339 date-time (RFC 3339 §5.6), or `undefined`. */
export function parseDateTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !rfc3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds since the epoch of an {@link Instant}; throws on an unreadable one (caller bug). */
export function instantMs(instant: Instant): number {
  const ms = typeof instant === 'string' ? parseDateTime(instant) : instant.getTime();
  if (ms === undefined || !Number.isFinite(ms))
    throw new TypeError(`not an RFC 3339 date-time: ${String(instant)}`);
  return ms;
}

/** ISO 8601 UTC text of epoch milliseconds, e.g. `2026-03-02T09:00:00.000Z`. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC calendar day (`YYYY-MM-DD`) of epoch milliseconds. */
export function dayOf(ms: number): string {
  return isoOf(ms).slice(0, 10);
}
