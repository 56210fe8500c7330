/**
 * Calendar dates as `YYYY-MM-DD` strings (ISO 8601 / RFC 3339 full-date), with day arithmetic
 * done on integers — no `Date`, no time zone, no clock.
 */
const digit0 = 48;
const dash = 45;

/** The value of `length` ASCII digits of `text` from `at`, or -1 if any is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - digit0;
    if (!(d >= 0 && d <= 9)) return -1; // not a digit, or past the end (NaN)
    n = n * 10 + d;
  }
  return n;
}

/** True when `value` is a real calendar date `YYYY-MM-DD` (leap years included). */
export function isCalendarDate(value: unknown): value is string {
  // Read by character codes rather than a pattern with captures: validation checks several
  // dates of every received certificate.
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== dash || value.charCodeAt(7) !== dash) return false;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`). */
export function dayNumber(date: string): number {
  // Digits read in place; anything else keeps the arithmetic of Number() on the slices.
  let y0 = digitsAt(date, 0, 4);
  let m = digitsAt(date, 5, 2);
  let d = digitsAt(date, 8, 2);
  if (y0 < 0 || m < 0 || d < 0) {
    y0 = Number(date.slice(0, 4));
    m = Number(date.slice(5, 7));
    d = Number(date.slice(8, 10));
  }
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  const z = dayNumber(date) + days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
