import { addDays } from '@kpx/domain';

/** A point in time given to kpx: a `Date` or an RFC 3339 date-time string. */
export type Instant = Date | string;

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

// Every verification reads the same few date-times again (the key's validFrom and revokedAt,
// the verifier's clock): their values are kept, per text, so the pattern and Date.parse run
// once. Bounded, so a stream of distinct texts cannot grow it.
const parsedDateTimes = new Map<string, number>();
const parsedDateTimesLimit = 1024;

/** Milliseconds since the epoch of an RFC 3339 date-time (RFC 3339 §5.6), or `undefined`. */
export function parseDateTime(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const known = parsedDateTimes.get(text);
  if (known !== undefined) return known;
  if (!rfc3339.test(text)) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  if (parsedDateTimes.size >= parsedDateTimesLimit) parsedDateTimes.clear();
  parsedDateTimes.set(text, ms);
  return ms;
}

/** Milliseconds since the epoch of an {@link Instant}; throws on an unreadable one (caller bug). */
export function instantMs(instant: Instant): number {
  const ms = typeof instant === 'string' ? parseDateTime(instant) : instant.getTime();
  if (ms === undefined || !Number.isFinite(ms))
    throw new TypeError(`not an RFC 3339 date-time: ${String(instant)}`);
  return ms;
}

const msPerDay = 86_400_000;
/** The last millisecond of the year 9999: up to it, ISO 8601 years have four digits. */
const lastFourDigitYearMs = 253_402_300_799_999;
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const threeDigits = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** ISO 8601 UTC text of epoch milliseconds, e.g. `2026-03-02T09:00:00.000Z`. */
export function isoOf(ms: number): string {
  // Exactly Date#toISOString, written out with integer arithmetic for the years 1970–9999:
  // every verification reports its signing time, and this takes a third of the time of a
  // Date and its formatting. Anything else (and an invalid time's RangeError) is the Date's.
  if (!Number.isInteger(ms) || ms < 0 || ms > lastFourDigitYearMs)
    return new Date(ms).toISOString();
  const days = Math.floor(ms / msPerDay);
  const msOfDay = ms - days * msPerDay;
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor(msOfDay / 60_000) % 60;
  const seconds = Math.floor(msOfDay / 1000) % 60;
  return `${addDays(epochDay, days)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${threeDigits(msOfDay % 1000)}Z`;
}

const epochDay = '1970-01-01';
// The day of the last call: verifiers ask for today's date on every document.
let lastDay = { index: Number.NaN, text: '' };

/** The UTC calendar day (`YYYY-MM-DD`) of epoch milliseconds. */
export function dayOf(ms: number): string {
  const index = Math.floor(ms / msPerDay);
  if (index !== lastDay.index) lastDay = { index, text: isoOf(ms).slice(0, 10) };
  return lastDay.text;
}
