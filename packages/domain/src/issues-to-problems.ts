import type * as z from 'zod';
import type { KpxCode } from './error-codes.js';
import { jsonPointer, type Problem } from './problem.js';

type FieldRule = { code: KpxCode; expect: string };

const amountExpect =
  'a string with exactly two decimal places and at most 15 digits before the point, like "1520.35"';
const dateExpect = 'a calendar date written YYYY-MM-DD, like "2026-07-01"';

/** What each field must look like, and the code used when it does not. Keyed by field name. */
const fieldRules: Readonly<Record<string, FieldRule>> = {
  carats: { code: 'KPX_AMOUNT_INVALID', expect: amountExpect },
  valueUsd: { code: 'KPX_AMOUNT_INVALID', expect: amountExpect },
  hs: {
    code: 'KPX_HS_UNKNOWN',
    expect: 'one of the rough-diamond HS codes "7102.10", "7102.21", "7102.31"',
  },
  parcels: { code: 'KPX_PARCELS_INVALID', expect: 'a whole number from 1 to 100000' },
  origin: {
    code: 'KPX_ORIGIN_INVALID',
    expect: 'an ISO 3166-1 alpha-2 country code like "RU", or "MIXED"',
  },
  issuedOn: { code: 'KPX_DATE_INVALID', expect: dateExpect },
  expiresOn: { code: 'KPX_DATE_INVALID', expect: dateExpect },
  receivedOn: { code: 'KPX_DATE_INVALID', expect: dateExpect },
  importingParticipant: {
    code: 'KPX_PARTICIPANT_UNKNOWN',
    expect: 'a Participant code like "EU" or "RU"',
  },
  exportingParticipant: {
    code: 'KPX_PARTICIPANT_UNKNOWN',
    expect: 'a Participant code like "EU" or "RU"',
  },
  importingAuthority: {
    code: 'KPX_AUTHORITY_UNKNOWN',
    expect: 'an authority id like "EU-BE-ANTWERP"',
  },
  issuingAuthority: { code: 'KPX_AUTHORITY_UNKNOWN', expect: 'an authority id like "RU-MINFIN"' },
  transit: { code: 'KPX_TRANSIT_INVALID', expect: 'a Participant code like "AE"' },
  seals: {
    code: 'KPX_SEAL_INVALID',
    expect: 'a seal number of 1 to 64 printable characters, without leading or trailing spaces',
  },
  number: {
    code: 'KPX_NUMBER_PATTERN',
    expect:
      'a certificate number of at most 64 characters starting with the Participant code, like "RU-2026-000101"',
  },
  replaces: { code: 'KPX_REPLACES_INVALID', expect: 'a certificate number like "RU-2026-000101"' },
};

/** Which code a too-short or too-long array gets, keyed by field name. */
const arraySizeCodes: Readonly<Record<string, { small: KpxCode; big: KpxCode; noun: string }>> = {
  items: { small: 'KPX_ITEMS_EMPTY', big: 'KPX_ITEMS_TOO_MANY', noun: 'line' },
  transit: {
    small: 'KPX_TRANSIT_INVALID',
    big: 'KPX_TRANSIT_INVALID',
    noun: 'transit Participant',
  },
  seals: { small: 'KPX_SEAL_INVALID', big: 'KPX_SEAL_INVALID', noun: 'seal' },
};

/** Field name of a path: the last property name (array indices skipped). */
function fieldName(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const key = path[i];
    if (typeof key === 'string') return key;
  }
  return '';
}

/** Kind of a JSON value, as words for a message. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** A short, safe rendering of a received value for a message. */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return jsonKind(value);
}

type Lookup = { found: boolean; value: unknown };

function lookup(
  input: unknown,
  path: readonly PropertyKey[],
): Lookup & { parentIsObject: boolean } {
  let current: unknown = input;
  let parentIsObject = false;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      return { found: false, value: undefined, parentIsObject: false };
    }
    parentIsObject = !Array.isArray(current);
    if (!Object.hasOwn(current, key)) return { found: false, value: undefined, parentIsObject };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current, parentIsObject };
}

function label(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'The input';
  const last = path[path.length - 1];
  if (typeof last === 'number') return `Entry ${last} of "${fieldName(path)}"`;
  return `"${String(last)}"`;
}

function expectedKind(expected: string): string {
  switch (expected) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

function sameBaseType(expected: string, value: unknown): boolean {
  if (expected === 'int' || expected === 'number') return typeof value === 'number';
  return false;
}

/**
 * Turns zod issues into kpx Problems: stable codes, JSON pointers, plain messages. One problem
 * per path (the first), one per unknown field. Never throws, whatever the input.
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], input: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (code: KpxCode, path: readonly PropertyKey[], message: string) => {
    const pointer = jsonPointer(path.map((k) => (typeof k === 'symbol' ? String(k) : k)));
    if (seen.has(pointer)) return;
    seen.add(pointer);
    problems.push({ code, path: pointer, message });
  };
  for (const issue of issues) {
    const path = issue.path;
    const name = fieldName(path);
    const rule = fieldRules[name];
    const at = lookup(input, path);
    const value = at.value;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          add(
            'KPX_FIELD_UNKNOWN',
            [...path, key],
            `"${preview(key).slice(1, -1)}" is not a known field here; remove it.`,
          );
        }
        break;
      case 'invalid_type':
        if (!at.found && at.parentIsObject) {
          add('KPX_FIELD_REQUIRED', path, `${label(path)} is required.`);
        } else if (rule && sameBaseType(issue.expected, value)) {
          add(rule.code, path, `${label(path)} must be ${rule.expect}; got ${preview(value)}.`);
        } else if (rule && issue.expected !== 'object' && issue.expected !== 'array') {
          add(
            'KPX_TYPE_INVALID',
            path,
            `${label(path)} must be ${rule.expect}; got ${jsonKind(value)}.`,
          );
        } else {
          add(
            'KPX_TYPE_INVALID',
            path,
            `${label(path)} must be ${expectedKind(issue.expected)}; got ${jsonKind(value)}.`,
          );
        }
        break;
      case 'too_big':
      case 'too_small': {
        const big = issue.code === 'too_big';
        const limit = String(
          big
            ? (issue as z.core.$ZodIssueTooBig).maximum
            : (issue as z.core.$ZodIssueTooSmall).minimum,
        );
        if (issue.origin === 'string') {
          if (big && rule) {
            add(rule.code, path, `${label(path)} must be ${rule.expect}; got ${preview(value)}.`);
          } else if (big) {
            const length = typeof value === 'string' ? ` (got ${value.length})` : '';
            add(
              'KPX_STRING_TOO_LONG',
              path,
              `${label(path)} must be at most ${limit} characters${length}.`,
            );
          } else {
            add('KPX_FIELD_REQUIRED', path, `${label(path)} must not be empty.`);
          }
        } else if (issue.origin === 'array') {
          const sizes = arraySizeCodes[name];
          const count = Array.isArray(value) ? ` (got ${value.length})` : '';
          if (sizes && !big)
            add(sizes.small, path, `${label(path)} must have at least ${limit} ${sizes.noun}.`);
          else if (sizes)
            add(
              sizes.big,
              path,
              `${label(path)} must have at most ${limit} ${sizes.noun}s${count}.`,
            );
          else
            add(
              'KPX_VALIDATION_FAILED',
              path,
              `${label(path)} must have ${big ? 'at most' : 'at least'} ${limit} entries${count}.`,
            );
        } else if (rule) {
          add(rule.code, path, `${label(path)} must be ${rule.expect}; got ${preview(value)}.`);
        } else {
          add(
            'KPX_VALIDATION_FAILED',
            path,
            `${label(path)} must be ${big ? 'at most' : 'at least'} ${limit}; got ${preview(value)}.`,
          );
        }
        break;
      }
      case 'invalid_format':
      case 'invalid_value':
        if (rule) {
          const sign = amountSignCode(name, value);
          if (sign === 'KPX_CARATS_NOT_POSITIVE') {
            add(sign, path, `${label(path)} must be more than 0.00; got ${preview(value)}.`);
          } else if (sign === 'KPX_VALUE_NEGATIVE') {
            add(sign, path, `${label(path)} must not be negative; got ${preview(value)}.`);
          } else {
            add(rule.code, path, `${label(path)} must be ${rule.expect}; got ${preview(value)}.`);
          }
        } else {
          add(
            'KPX_VALIDATION_FAILED',
            path,
            `${label(path)} is not valid: ${issue.message}; got ${preview(value)}.`,
          );
        }
        break;
      default:
        add('KPX_VALIDATION_FAILED', path, `${label(path)} is not valid: ${issue.message}.`);
    }
  }
  return problems;
}

/** A negative amount gets the more precise code: carats must be positive, values not negative. */
function amountSignCode(name: string, value: unknown): KpxCode | undefined {
  if (typeof value !== 'string' || !/^-[0-9]+(\.[0-9]+)?$/.test(value)) return undefined;
  if (name === 'carats') return 'KPX_CARATS_NOT_POSITIVE';
  if (name === 'valueUsd') return 'KPX_VALUE_NEGATIVE';
  return undefined;
}
