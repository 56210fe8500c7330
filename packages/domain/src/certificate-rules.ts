/**
 * The KPCS rules shared by drafts, certificates, paper certificates and confirmations. Each
 * rule reads the raw input defensively and only judges fields that are well-formed (the schema
 * reports the malformed ones), so one pass yields every problem and nothing ever throws.
 */
import { centsOf, centsToAmount, maxAmountCents } from './amount.js';
import type { Authority } from './authority.js';
import { daysBetween, isCalendarDate } from './calendar-date.js';
import type { Directory } from './directory.js';
import type { KpxCode } from './error-codes.js';
import { isHsCode } from './hs-codes.js';
import type { Participant } from './participants.js';
import type { Problem } from './problem.js';

/** Where rules collect their problems. */
export type Rules = { directory: Directory; problems: Problem[] };

export const report = (rules: Rules, code: KpxCode, path: string, message: string): void => {
  rules.problems.push({ code, path, message });
};

/** The raw input as a record, or `undefined` if it is not a JSON object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An own string property, or `undefined`. */
export function stringAt(
  record: Record<string, unknown> | undefined,
  key: string,
): string | undefined {
  if (!record || !Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** An own property, or `undefined`. */
export function valueAt(record: Record<string, unknown> | undefined, key: string): unknown {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

const participantShape = /^[A-Z]{2}$/;
const authorityShape = /^[A-Z]{2}(-[A-Z0-9]+)+$/;

/** A well-formed Participant code must name a Participant in the directory. */
export function knownParticipant(
  rules: Rules,
  code: string | undefined,
  path: string,
): Participant | undefined {
  if (code === undefined || !participantShape.test(code)) return undefined;
  const participant = rules.directory.participant(code);
  if (!participant) {
    report(
      rules,
      'KPX_PARTICIPANT_UNKNOWN',
      path,
      `"${code}" is not a Kimberley Process Participant; trade with non-Participants is not allowed (KPCS III(c)).`,
    );
  }
  return participant;
}

/** Exporting and importing Participant must differ: a KP certificate covers a border crossing. */
export function differentParticipants(
  rules: Rules,
  exporting: Participant | undefined,
  importing: Participant | undefined,
  path: string,
): void {
  if (exporting && importing && exporting.code === importing.code) {
    report(
      rules,
      'KPX_SAME_PARTICIPANT',
      path,
      `The importing Participant must differ from the exporting Participant (${exporting.code}).`,
    );
  }
}

/** A well-formed authority id must exist in the directory. */
export function knownAuthority(
  rules: Rules,
  id: string | undefined,
  path: string,
): Authority | undefined {
  if (id === undefined || !authorityShape.test(id) || id.length > 64) return undefined;
  const authority = rules.directory.authority(id);
  if (!authority)
    report(rules, 'KPX_AUTHORITY_UNKNOWN', path, `"${id}" is not a known KP authority.`);
  return authority;
}

/** The issuing authority may issue and belongs to the exporting Participant (KPCS Annex I). */
export function checkIssuer(
  rules: Rules,
  issuer: Authority,
  exporting: string | undefined,
  path: string,
): void {
  if (!issuer.mayIssue) {
    report(
      rules,
      'KPX_AUTHORITY_MAY_NOT_ISSUE',
      path,
      `${issuer.id} is not authorised to issue KP certificates.`,
    );
  }
  if (
    exporting !== undefined &&
    participantShape.test(exporting) &&
    issuer.participant !== exporting
  ) {
    report(
      rules,
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      path,
      `${issuer.id} is an authority of ${issuer.participant}, not of the exporting Participant ${exporting}.`,
    );
  }
}

/** The importing authority belongs to the importing Participant and may import (KPCS III(b)). */
export function checkImporter(
  rules: Rules,
  importer: Authority,
  importing: string | undefined,
  path: string,
): void {
  if (
    importing !== undefined &&
    participantShape.test(importing) &&
    importer.participant !== importing
  ) {
    report(
      rules,
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      path,
      `${importer.id} is an authority of ${importer.participant}, not of the importing Participant ${importing}.`,
    );
  }
  if (!importer.mayImport) {
    report(
      rules,
      'KPX_AUTHORITY_MAY_NOT_IMPORT',
      path,
      `${importer.id} does not receive imports; name another authority of ${importer.participant} or leave importingAuthority out.`,
    );
  }
}

/** Sums of the well-formed lines, in hundredths; `undefined` when a line is unusable. */
export type LineSums = { carats: bigint | undefined; valueUsd: bigint | undefined };

/**
 * Line items: each HS at most once, carats more than zero (KPCS Annex I: carat weight per HS),
 * and sums within the largest amount.
 */
export function checkItems(rules: Rules, raw: unknown, path: string): LineSums {
  // No lines: the schema reports it; a sum of nothing compared with totals would only add noise.
  if (!Array.isArray(raw) || raw.length === 0) return { carats: undefined, valueUsd: undefined };
  const firstLine = new Map<string, number>();
  let carats: bigint | undefined = 0n;
  let valueUsd: bigint | undefined = 0n;
  raw.forEach((element: unknown, i) => {
    const item = asRecord(element);
    const hs = valueAt(item, 'hs');
    if (isHsCode(hs)) {
      const first = firstLine.get(hs);
      if (first === undefined) firstLine.set(hs, i);
      else
        report(
          rules,
          'KPX_HS_DUPLICATE',
          `${path}/${i}/hs`,
          `HS ${hs} is already on line ${first}; put all ${hs} goods on one line.`,
        );
    }
    const lineCarats = centsOf(valueAt(item, 'carats'));
    if (lineCarats !== undefined) {
      if (lineCarats === 0n)
        report(
          rules,
          'KPX_CARATS_NOT_POSITIVE',
          `${path}/${i}/carats`,
          'Carats must be more than 0.00.',
        );
      if (carats !== undefined) carats += lineCarats;
    } else {
      carats = undefined;
    }
    const lineValue = centsOf(valueAt(item, 'valueUsd'));
    if (lineValue !== undefined) {
      if (valueUsd !== undefined) valueUsd += lineValue;
    } else {
      valueUsd = undefined;
    }
  });
  if (carats !== undefined && carats > maxAmountCents) {
    report(
      rules,
      'KPX_TOTAL_TOO_LARGE',
      path,
      `The carats of the lines add up to ${centsToAmount(carats)}, more than the largest amount ${centsToAmount(maxAmountCents)}.`,
    );
    carats = undefined;
  }
  if (valueUsd !== undefined && valueUsd > maxAmountCents) {
    report(
      rules,
      'KPX_TOTAL_TOO_LARGE',
      path,
      `The values of the lines add up to ${centsToAmount(valueUsd)}, more than the largest amount ${centsToAmount(maxAmountCents)}.`,
    );
    valueUsd = undefined;
  }
  return { carats, valueUsd };
}

/** A stated total equals the sum of the lines. */
export function checkTotal(
  rules: Rules,
  sum: bigint | undefined,
  stated: unknown,
  path: string,
  what: string,
): void {
  if (sum === undefined || typeof stated !== 'string') return;
  const statedCents = centsOf(stated);
  if (statedCents !== undefined && statedCents !== sum) {
    report(
      rules,
      'KPX_TOTALS_MISMATCH',
      path,
      `The total ${what} ${stated} does not equal the sum of the lines, ${centsToAmount(sum)}.`,
    );
  }
}

/** Transit Participants are Participants, each once, neither the exporter nor the importer. */
export function checkTransit(
  rules: Rules,
  raw: unknown,
  exporting: string | undefined,
  importing: string | undefined,
  path: string,
): void {
  if (!Array.isArray(raw)) return;
  const seen = new Set<string>();
  raw.forEach((code: unknown, i) => {
    if (typeof code !== 'string' || !participantShape.test(code)) return;
    const at = `${path}/${i}`;
    if (!rules.directory.participant(code)) {
      report(
        rules,
        'KPX_TRANSIT_INVALID',
        at,
        `Transit "${code}" is not a Kimberley Process Participant.`,
      );
    } else if (code === exporting || code === importing) {
      report(
        rules,
        'KPX_TRANSIT_INVALID',
        at,
        `Transit "${code}" is the ${code === exporting ? 'exporting' : 'importing'} Participant; list only the Participants in between.`,
      );
    } else if (seen.has(code)) {
      report(rules, 'KPX_TRANSIT_INVALID', at, `Transit "${code}" is listed twice.`);
    }
    seen.add(code);
  });
}

/** Seal numbers are distinct. */
export function checkSeals(rules: Rules, raw: unknown, path: string): void {
  if (!Array.isArray(raw)) return;
  const seen = new Set<string>();
  raw.forEach((seal: unknown, i) => {
    if (typeof seal !== 'string') return;
    if (seen.has(seal))
      report(
        rules,
        'KPX_SEAL_INVALID',
        `${path}/${i}`,
        `Seal "${seal.slice(0, 64)}" is listed twice.`,
      );
    seen.add(seal);
  });
}

/**
 * Date of issue not after date of expiry, and validity within the issuing authority's maximum
 * (KPCS Annex I: both dates are mandatory; the length is each authority's setting).
 */
export function checkValidity(
  rules: Rules,
  issuedOn: unknown,
  expiresOn: unknown,
  maxDays: number | undefined,
  path: string,
  issuedWord = 'the date of issue',
): void {
  if (!isCalendarDate(issuedOn) || !isCalendarDate(expiresOn)) return;
  const days = daysBetween(issuedOn, expiresOn);
  if (days < 0) {
    report(
      rules,
      'KPX_EXPIRY_BEFORE_ISSUE',
      path,
      `The expiry date ${expiresOn} is before ${issuedWord}, ${issuedOn}.`,
    );
  } else if (maxDays !== undefined && days > maxDays) {
    report(
      rules,
      'KPX_VALIDITY_TOO_LONG',
      path,
      `The certificate would be valid for ${days} days, more than the issuing authority's maximum of ${maxDays} days.`,
    );
  }
}
