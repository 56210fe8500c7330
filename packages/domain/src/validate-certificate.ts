import { addDays, isCalendarDate } from './calendar-date.js';
import { numberMatchesPattern } from './certificate-number.js';
import {
  asRecord,
  checkImporter,
  checkIssuer,
  checkItems,
  checkSeals,
  checkTotal,
  checkTransit,
  checkValidity,
  differentParticipants,
  knownAuthority,
  knownParticipant,
  report,
  stringAt,
  valueAt,
  type Rules,
} from './certificate-rules.js';
import { plainCertificate } from './certificate-fast-path.js';
import { certificateSchema, type Certificate } from './certificate-schema.js';
import type { Directory } from './directory.js';
import { issuesToProblems } from './issues-to-problems.js';
import { KpxError } from './kpx-error.js';
import type { ValidationResult } from './problem.js';

/** What {@link validateCertificate} needs besides the certificate. */
export type CertificateContext = {
  directory: Directory;
  /**
   * Today at the receiver, `YYYY-MM-DD`. When given, an expired certificate and a date of
   * issue more than one day ahead (time zones) are problems too.
   */
  today?: string;
};

/**
 * Validates a certificate as a receiver does (after its signature checked out): the schema and
 * the KPCS rules — the issuing authority exists, may issue and belongs to the exporting
 * Participant; the importing authority belongs to the importing Participant and may import;
 * the two Participants differ; the number follows the issuer's pattern; totals equal the sums
 * of the lines; dates in order and validity within the issuer's maximum; transit, seals and
 * `replaces` as in {@link validateDraft}. Returns every problem; never throws on any JSON input.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` only when `ctx.today` is given and not a calendar date.
 */
export function validateCertificate(
  input: unknown,
  ctx: CertificateContext,
): ValidationResult<Certificate> {
  if (ctx.today !== undefined && !isCalendarDate(ctx.today)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `today must be YYYY-MM-DD, got ${String(ctx.today)}`,
    });
  }
  // A plainly valid certificate (every one on the verify path, in practice) is checked and
  // copied by hand; anything else goes through the schema, which decides and explains.
  const plain = plainCertificate(input);
  const parsed =
    plain !== undefined
      ? ({ success: true, data: plain } as const)
      : certificateSchema.safeParse(input);
  const rules: Rules = {
    directory: ctx.directory,
    problems: parsed.success ? [] : issuesToProblems(parsed.error.issues, input),
  };
  const raw = asRecord(input);
  if (raw) {
    const exportingCode = stringAt(raw, 'exportingParticipant');
    const importingCode = stringAt(raw, 'importingParticipant');
    const exporting = knownParticipant(rules, exportingCode, '/exportingParticipant');
    const importing = knownParticipant(rules, importingCode, '/importingParticipant');
    differentParticipants(rules, exporting, importing, '/importingParticipant');

    const issuer = knownAuthority(rules, stringAt(raw, 'issuingAuthority'), '/issuingAuthority');
    if (issuer) checkIssuer(rules, issuer, exporting?.code, '/issuingAuthority');
    const importer = knownAuthority(
      rules,
      stringAt(raw, 'importingAuthority'),
      '/importingAuthority',
    );
    if (importer) checkImporter(rules, importer, importing?.code, '/importingAuthority');

    const number = stringAt(raw, 'number');
    if (issuer && number !== undefined && isNumberShape(number)) {
      if (!numberMatchesPattern(issuer.numberPattern, number, issuer.participant)) {
        report(
          rules,
          'KPX_NUMBER_PATTERN',
          '/number',
          `"${number}" does not follow ${issuer.id}'s number pattern ${issuer.numberPattern}.`,
        );
      }
    }
    const replaces = stringAt(raw, 'replaces');
    if (issuer && replaces !== undefined && isNumberShape(replaces)) {
      if (replaces === number) {
        report(rules, 'KPX_REPLACES_INVALID', '/replaces', 'A certificate cannot replace itself.');
      } else if (!numberMatchesPattern(issuer.numberPattern, replaces, issuer.participant)) {
        report(
          rules,
          'KPX_REPLACES_INVALID',
          '/replaces',
          `"${replaces}" is not a number ${issuer.id} issues (pattern ${issuer.numberPattern}).`,
        );
      }
    }

    const sums = checkItems(rules, valueAt(raw, 'items'), '/items');
    const totals = asRecord(valueAt(raw, 'totals'));
    if (totals) {
      checkTotal(rules, sums.carats, valueAt(totals, 'carats'), '/totals/carats', 'carats');
      checkTotal(rules, sums.valueUsd, valueAt(totals, 'valueUsd'), '/totals/valueUsd', 'value');
    }

    const issuedOn = valueAt(raw, 'issuedOn');
    const expiresOn = valueAt(raw, 'expiresOn');
    checkValidity(rules, issuedOn, expiresOn, issuer?.validity.maxDays, '/expiresOn');
    if (ctx.today !== undefined) {
      if (isCalendarDate(issuedOn) && issuedOn > dayAfterToday(ctx.today)) {
        report(
          rules,
          'KPX_DATE_INVALID',
          '/issuedOn',
          `The date of issue ${issuedOn} is in the future (today is ${ctx.today}).`,
        );
      }
      if (
        isCalendarDate(expiresOn) &&
        expiresOn < ctx.today &&
        !rules.problems.some((p) => p.path === '/expiresOn')
      ) {
        report(
          rules,
          'KPX_CERTIFICATE_EXPIRED',
          '/expiresOn',
          `The certificate expired on ${expiresOn} (today is ${ctx.today}).`,
        );
      }
    }

    checkTransit(rules, valueAt(raw, 'transit'), exportingCode, importingCode, '/transit');
    checkSeals(rules, valueAt(raw, 'seals'), '/seals');
  }
  if (parsed.success && rules.problems.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, problems: rules.problems };
}

const numberShape = /^[A-Z]{2}[A-Z0-9\-/.]*$/;

function isNumberShape(value: string): boolean {
  return value.length <= 64 && numberShape.test(value);
}

// The last day after `today`: every certificate verified on one day asks for the same one.
let dayAfter = { today: '', next: '' };

function dayAfterToday(today: string): string {
  if (dayAfter.today !== today) dayAfter = { today, next: addDays(today, 1) };
  return dayAfter.next;
}
