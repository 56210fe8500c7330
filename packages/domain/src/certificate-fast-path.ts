import * as z from 'zod';
import { amountPattern } from './amount.js';
import { maxItems } from './certificate-draft-schema.js';
import { certificateSchema, type Certificate } from './certificate-schema.js';
import {
  authorityIdPattern,
  certificateNumberPattern,
  maxAmountLength,
  maxDateLength,
  maxParcels,
  originPattern,
  participantCodePattern,
  sealPattern,
  textLimits,
} from './field-schemas.js';
import { hsCodeValues, type HsCode } from './hs-codes.js';
import { lineItemSchema, totalsSchema, type LineItem, type Totals } from './line-item-schema.js';
import { partySchema, type Party } from './party-schema.js';

// The fast accept path of `certificateSchema` on the verify path: a certificate that is plainly
// valid is checked and copied by hand, about ten times faster than the schema. It only ever
// accepts; anything else — a missing, extra or malformed member — returns `undefined` and the
// schema decides and explains, so every problem and message stays the schema's own. The value
// it returns equals the schema's output exactly: fresh objects and arrays, members in the
// schema's order (validate-certificate.test.ts holds the two equal over valid and mutated
// certificates). Every pattern and limit is the one the schemas use (field-schemas.ts).

/** zod's own `z.iso.date()` pattern, so dates are judged exactly as the schema judges them. */
const datePattern = z.regexes.date;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The member names a strict object schema allows, which are optional, and how many are not. */
type Members = { names: ReadonlySet<string>; optional: ReadonlySet<string>; required: number };

/** {@link Members} read off `schema` itself, so the fast path cannot drift from it. */
function membersOf(schema: z.ZodObject): Members {
  const entries = Object.entries(schema.shape);
  const optional = new Set(
    entries.filter(([, member]) => member._zod.optin === 'optional').map(([name]) => name),
  );
  return {
    names: new Set(entries.map(([name]) => name)),
    optional,
    required: entries.length - optional.size,
  };
}

/**
 * Whether `value` is a plain object (as JSON.parse makes, or with no prototype at all: nothing
 * inherited either way) whose own enumerable member names are all allowed and include every
 * required one (names never repeat, so counting them is enough). Anything else is left to the
 * schema.
 */
function hasExactly(value: Json, members: Members): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  let optionalSeen = 0;
  for (const key of keys) {
    if (!members.names.has(key)) return false;
    if (members.optional.has(key)) optionalSeen += 1;
  }
  return keys.length - optionalSeen === members.required;
}

const certificateMembers = membersOf(certificateSchema);
const partyMembers = membersOf(partySchema);
const itemMembers = membersOf(lineItemSchema);
const totalsMembers = membersOf(totalsSchema);

const isShaped = (value: unknown, max: number, pattern: RegExp): value is string =>
  typeof value === 'string' && value.length <= max && pattern.test(value);

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;

const isAmountText = (value: unknown): value is string =>
  isShaped(value, maxAmountLength, amountPattern);

const isDate = (value: unknown): value is string => isShaped(value, maxDateLength, datePattern);

const isNumber = (value: unknown): value is string =>
  isShaped(value, textLimits.number, certificateNumberPattern);

const isAuthorityId = (value: unknown): value is string =>
  isShaped(value, textLimits.authorityId, authorityIdPattern);

const isParticipantCode = (value: unknown): value is string =>
  isShaped(value, 2, participantCodePattern);

const hsCodes: ReadonlySet<unknown> = new Set(hsCodeValues);

function party(value: unknown): Party | undefined {
  if (!isRecord(value)) return undefined;
  const hasLicence = Object.hasOwn(value, 'licence');
  if (!hasExactly(value, partyMembers)) return undefined;
  const { name, address, licence } = value;
  if (!isText(name, textLimits.name) || !isText(address, textLimits.address)) return undefined;
  if (!hasLicence) return { name, address };
  if (!isText(licence, textLimits.licence)) return undefined;
  return { name, address, licence };
}

function lineItem(value: unknown): LineItem | undefined {
  if (!isRecord(value) || !hasExactly(value, itemMembers)) return undefined;
  const { hs, carats, valueUsd } = value;
  if (!hsCodes.has(hs) || !isAmountText(carats) || !isAmountText(valueUsd)) return undefined;
  return { hs: hs as HsCode, carats, valueUsd };
}

function totalsOf(value: unknown): Totals | undefined {
  if (!isRecord(value) || !hasExactly(value, totalsMembers)) return undefined;
  const { carats, valueUsd } = value;
  if (!isAmountText(carats) || !isAmountText(valueUsd)) return undefined;
  return { carats, valueUsd };
}

/** A copy of `value` when it is an array of at most `max` elements that all pass `each`. */
function arrayOf<T>(
  value: unknown,
  min: number,
  max: number,
  each: (element: unknown) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value) || value.length < min || value.length > max) return undefined;
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const element = each(value[i]);
    if (element === undefined) return undefined;
    out.push(element);
  }
  return out;
}

const participantOrUndefined = (value: unknown): string | undefined =>
  isParticipantCode(value) ? value : undefined;
const sealOrUndefined = (value: unknown): string | undefined =>
  isShaped(value, textLimits.seal, sealPattern) ? value : undefined;

/**
 * @internal `certificateSchema.parse(input)` when the input is plainly a valid certificate
 * (the schema's exact output: a fresh copy, members in the schema's order); `undefined`
 * otherwise, and then only the schema can say whether and why it is invalid.
 */
export function plainCertificate(input: unknown): Certificate | undefined {
  if (!isRecord(input)) return undefined;
  const hasReplaces = Object.hasOwn(input, 'replaces');
  if (!hasExactly(input, certificateMembers)) return undefined;
  const c = input;
  const {
    number,
    issuingAuthority,
    exportingParticipant,
    importingParticipant,
    importingAuthority,
    origin,
    parcels,
    issuedOn,
    expiresOn,
    replaces,
  } = c;
  if (
    !isNumber(number) ||
    !isAuthorityId(issuingAuthority) ||
    !isParticipantCode(exportingParticipant) ||
    !isParticipantCode(importingParticipant) ||
    !isAuthorityId(importingAuthority) ||
    !isShaped(origin, 5, originPattern) ||
    typeof parcels !== 'number' ||
    !Number.isSafeInteger(parcels) ||
    parcels < 1 ||
    parcels > maxParcels ||
    !isDate(issuedOn) ||
    !isDate(expiresOn) ||
    (hasReplaces && !isNumber(replaces))
  )
    return undefined;
  const exporter = party(c['exporter']);
  const importer = party(c['importer']);
  const items = arrayOf(c['items'], 1, maxItems, lineItem);
  const totals = totalsOf(c['totals']);
  const transit = arrayOf(c['transit'], 0, textLimits.transit, participantOrUndefined);
  const seals = arrayOf(c['seals'], 0, textLimits.seals, sealOrUndefined);
  if (
    exporter === undefined ||
    importer === undefined ||
    items === undefined ||
    totals === undefined ||
    transit === undefined ||
    seals === undefined
  )
    return undefined;
  const certificate: Certificate = {
    number,
    issuingAuthority,
    exportingParticipant,
    importingParticipant,
    importingAuthority,
    exporter,
    importer,
    origin,
    items,
    totals,
    parcels,
    issuedOn,
    expiresOn,
    transit,
    seals,
  };
  if (hasReplaces) certificate.replaces = replaces as string;
  return certificate;
}
