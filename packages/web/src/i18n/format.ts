// Locale-aware formatting. Amounts (carats, US$) are exact decimal strings (`"1520.35"`,
// discrepancies `"-12.30"`): they are formatted by string manipulation, never through Number,
// so no figure is ever rounded by binary floating point. Only the separators come from Intl.

export type Locale = 'en' | 'ru' | 'fr';

export const locales: readonly Locale[] = ['en', 'ru', 'fr'];

const intlLocale: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU', fr: 'fr-FR' };

type Separators = { group: string; decimal: string; minus: string };
const separatorCache = new Map<Locale, Separators>();

/** The group and decimal separators Intl uses for `locale` (e.g. fr: U+202F and ","). */
export function separatorsOf(locale: Locale): Separators {
  const cached = separatorCache.get(locale);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(intlLocale[locale]).formatToParts(-12345.6);
  const found: Separators = {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    minus: parts.find((p) => p.type === 'minusSign')?.value ?? '-',
  };
  separatorCache.set(locale, found);
  return found;
}

const amountShape = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Formats an exact decimal string for display: `formatAmount('2450000.00', 'fr')` →
 * `2 450 000,00` (narrow no-break spaces). Signs are kept (`-12.30` → `-12.30` in en).
 * Anything that is not a plain decimal is returned unchanged.
 */
export function formatAmount(amount: string, locale: Locale): string {
  const match = amountShape.exec(amount);
  if (!match) return amount;
  const [, sign = '', whole = '', fraction] = match;
  const { group, decimal, minus } = separatorsOf(locale);
  // Strip leading zeros but keep one.
  const digits = whole.replace(/^0+(?=\d)/, '');
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    const fromEnd = digits.length - i;
    grouped += digits[i];
    if (fromEnd > 1 && (fromEnd - 1) % 3 === 0) grouped += group;
  }
  const isZero = /^0*$/.test(digits) && (fraction === undefined || /^0*$/.test(fraction));
  return (
    (sign === '-' && !isZero ? minus : '') +
    grouped +
    (fraction === undefined ? '' : decimal + fraction)
  );
}

/** Whole numbers that are genuine integers (counts, parcels): Intl is exact for these. */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 0 }).format(value);
}

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` in the locale's medium style (no time zone shift: it is a date). */
export function formatDate(date: string, locale: Locale): string {
  const match = calendarDate.exec(date);
  if (!match) return date;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(at);
}

/** An instant (RFC 3339) in the locale's medium date and short time, in UTC (stated). */
export function formatDateTime(instant: string, locale: Locale): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return (
    new Intl.DateTimeFormat(intlLocale[locale], {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(at) + ' UTC'
  );
}

/** A duration in seconds as the largest sensible unit ("3 h", "2 d"), localised. */
export function formatDuration(seconds: number, locale: Locale): string {
  const s = Math.max(0, Math.round(seconds));
  const unit: [number, Intl.RelativeTimeFormatUnit][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of unit) {
    if (s >= size || size === 1) {
      return new Intl.NumberFormat(intlLocale[locale], {
        style: 'unit',
        unit: name,
        unitDisplay: 'short',
        maximumFractionDigits: 0,
      }).format(Math.floor(s / size));
    }
  }
  return String(s);
}

/** Compares strings the way the locale sorts names. */
export function collatorOf(locale: Locale): Intl.Collator {
  return new Intl.Collator(intlLocale[locale]);
}

/**
 * Normalises what an officer typed into an amount string, by text only: `1520` → `1520.00`,
 * `1520,5` → `1520.50`, spaces dropped. Leaves anything else as typed so validation explains it.
 */
export function normaliseAmountInput(text: string): string {
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d+)(?:[.,](\d{0,2}))?$/.exec(compact);
  if (!match) return text.trim();
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return `${whole}.${fraction}`;
}

/** Today's date in UTC, `YYYY-MM-DD` (the day the node numbers certificates on). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
