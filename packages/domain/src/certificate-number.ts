import { KpxError } from './kpx-error.js';

/**
 * The default certificate-number pattern: `RU-2026-000101`. KPCS Annex I asks for a unique
 * number prefixed with the issuer's ISO 3166-1 alpha-2 code; the rest is each authority's choice.
 */
export const defaultNumberPattern = '{P}-{YYYY}-{SERIAL6}';

/** Longest certificate number kpx accepts (the JSON schemas cap numbers at this length). */
export const maxNumberLength = 64;

/** The largest serial a number can carry. */
export const maxSerial = 999_999_999_999;

const tokenPattern = /\{(P|YYYY|YY|SERIAL([1-9]|1[0-2]))\}/g;
const literalPattern = /^[A-Z0-9\-/.]*$/;

/** What a number is built from. */
export type CertificateNumberParts = { participant: string; year: number; serial: number };

type Piece = { literal: string } | { token: 'P' | 'YYYY' | 'YY' } | { serialWidth: number };

/**
 * Splits a pattern into literals and tokens, or `undefined` if it is not a valid pattern.
 * Tokens:
 * - `{P}` — the issuing authority's Participant code (`RU`, `EU`); must come first;
 * - `{YYYY}` — the four-digit year of issue; `{YY}` — its last two digits;
 * - `{SERIALn}` (n = 1…12) — the authority's serial, zero-padded to n digits (more digits,
 *   without leading zeros, once it outgrows n); exactly one per pattern.
 * Anything else must be literal `A`–`Z`, `0`–`9`, `-`, `/`, `.`.
 */
function parsePattern(pattern: string): Piece[] | undefined {
  if (typeof pattern !== 'string' || pattern.length > maxNumberLength) return undefined;
  const pieces: Piece[] = [];
  let last = 0;
  let serials = 0;
  for (const m of pattern.matchAll(tokenPattern)) {
    const literal = pattern.slice(last, m.index);
    if (!literalPattern.test(literal)) return undefined;
    if (literal) pieces.push({ literal });
    const [, name, width] = m;
    if (width !== undefined) {
      serials += 1;
      pieces.push({ serialWidth: Number(width) });
    } else {
      pieces.push({ token: name as 'P' | 'YYYY' | 'YY' });
    }
    last = m.index + m[0].length;
  }
  const tail = pattern.slice(last);
  if (!literalPattern.test(tail)) return undefined;
  if (tail) pieces.push({ literal: tail });
  const first = pieces[0];
  if (serials !== 1 || first === undefined || !('token' in first) || first.token !== 'P') {
    return undefined;
  }
  return pieces;
}

/** True when `pattern` is a valid number pattern (see {@link formatCertificateNumber}). */
export function isValidNumberPattern(pattern: string): boolean {
  return parsePattern(pattern) !== undefined;
}

/**
 * Builds a certificate number from a pattern.
 *
 * Tokens: `{P}` Participant code (first, so the number is prefixed with the ISO code as KPCS
 * Annex I requires), `{YYYY}` year, `{YY}` two-digit year, `{SERIALn}` serial zero-padded to
 * n digits (1…12). Other characters (`A-Z 0-9 - / .`) are literal.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` for an invalid pattern, year or serial.
 * @example
 * ```ts
 * formatCertificateNumber('{P}-{YYYY}-{SERIAL6}', { participant: 'RU', year: 2026, serial: 101 });
 * // 'RU-2026-000101'
 * ```
 */
export function formatCertificateNumber(pattern: string, parts: CertificateNumberParts): string {
  const pieces = parsePattern(pattern);
  if (!pieces)
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `Invalid number pattern ${JSON.stringify(pattern)}`,
    });
  const { participant, year, serial } = parts;
  if (!/^[A-Z]{2}$/.test(participant)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `Invalid Participant code ${JSON.stringify(participant)}`,
    });
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `Invalid year ${String(year)}` });
  }
  if (!Number.isInteger(serial) || serial < 1 || serial > maxSerial) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `Invalid serial ${String(serial)}` });
  }
  const text = pieces
    .map((piece) => {
      if ('literal' in piece) return piece.literal;
      if ('serialWidth' in piece) return String(serial).padStart(piece.serialWidth, '0');
      if (piece.token === 'P') return participant;
      return piece.token === 'YYYY' ? String(year) : String(year).slice(2);
    })
    .join('');
  if (text.length > maxNumberLength) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `Number longer than ${maxNumberLength} characters`,
    });
  }
  return text;
}

/**
 * True when `number` is one that `pattern` could produce for `participant` (any year, any serial).
 * Never throws: an invalid pattern matches nothing.
 */
export function numberMatchesPattern(
  pattern: string,
  number: string,
  participant: string,
): boolean {
  if (typeof number !== 'string' || number.length > maxNumberLength) return false;
  const matcher = numberMatcher(pattern, participant);
  return matcher !== undefined && matcher.test(number);
}

// Every received certificate is checked against its authority's pattern: compiling the
// pattern once per (pattern, Participant) keeps that off the verification hot path. Keyed by
// Participant, then pattern, so a look-up builds no key text. Bounded, so hostile input cannot
// grow it without limit.
const matcherCache = new Map<string, Map<string, RegExp | undefined>>();
const matcherCacheLimit = 512;
let matcherCacheSize = 0;

function numberMatcher(pattern: string, participant: string): RegExp | undefined {
  let byPattern = matcherCache.get(participant);
  if (byPattern?.has(pattern)) return byPattern.get(pattern);
  const matcher = compileMatcher(pattern, participant);
  if (matcherCacheSize >= matcherCacheLimit) {
    matcherCache.clear();
    matcherCacheSize = 0;
    byPattern = undefined;
  }
  if (byPattern === undefined) {
    byPattern = new Map();
    matcherCache.set(participant, byPattern);
  }
  byPattern.set(pattern, matcher);
  matcherCacheSize += 1;
  return matcher;
}

function compileMatcher(pattern: string, participant: string): RegExp | undefined {
  const pieces = parsePattern(pattern);
  if (!pieces || !/^[A-Z]{2}$/.test(participant)) return undefined;
  const source = pieces
    .map((piece) => {
      if ('literal' in piece) return escapeRegExp(piece.literal);
      if ('serialWidth' in piece) {
        const n = piece.serialWidth;
        return n === 12 ? '[0-9]{12}' : `(?:[0-9]{${n}}|[1-9][0-9]{${n},11})`;
      }
      if (piece.token === 'P') return participant;
      return piece.token === 'YYYY' ? '[0-9]{4}' : '[0-9]{2}';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.\-/]/g, '\\$&');
}
