import { isCalendarDate } from './calendar-date.js';
import { certificateDraftSchema, type CertificateDraft } from './certificate-draft-schema.js';
import { numberMatchesPattern } from './certificate-number.js';
import {
  asRecord,
  checkImporter,
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
import type { Directory } from './directory.js';
import { issuesToProblems } from './issues-to-problems.js';
import { KpxError } from './kpx-error.js';
import type { Participant } from './participants.js';
import type { ValidationResult } from './problem.js';

/** What {@link validateDraft} needs besides the draft. */
export type DraftContext = {
  directory: Directory;
  /** The authority that will issue the certificate (the node's own). */
  issuingAuthority: string;
  /** Today's date `YYYY-MM-DD` at the issuing authority: the date of issue. */
  today: string;
};

/**
 * Validates a certificate draft against the schema and the KPCS rules, as the issuing node
 * does before numbering and signing. Returns **every** problem at once, each with a code, a
 * JSON pointer and a plain message; never throws on any JSON input.
 *
 * Rules: both sides are Participants and differ (KPCS III(c)); the importing authority, if
 * named, belongs to the importing Participant and receives imports, else the Participant has a
 * default one; the issuing authority may issue; each HS once; carats more than zero; totals,
 * if given, equal the sums of the lines, and sums stay within the largest amount; expiry not
 * before today and within the issuer's maximum validity; transit Participants valid and
 * distinct from both sides; seals distinct; `replaces` in the issuer's number pattern.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` only when `ctx.today` is not a calendar date (a bug in
 * the caller, not a problem with the draft).
 * @example
 * ```ts
 * const result = validateDraft(body, { directory: defaultDirectory, issuingAuthority: 'RU-MINFIN', today: '2026-07-01' });
 * if (!result.ok) console.log(result.problems);
 * ```
 */
export function validateDraft(
  input: unknown,
  ctx: DraftContext,
): ValidationResult<CertificateDraft> {
  if (!isCalendarDate(ctx.today)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `today must be YYYY-MM-DD, got ${String(ctx.today)}`,
    });
  }
  const parsed = certificateDraftSchema.safeParse(input);
  const rules: Rules = {
    directory: ctx.directory,
    problems: parsed.success ? [] : issuesToProblems(parsed.error.issues, input),
  };
  const raw = asRecord(input);

  const issuer = ctx.directory.authority(ctx.issuingAuthority);
  let exporting: Participant | undefined;
  if (!issuer) {
    report(
      rules,
      'KPX_AUTHORITY_UNKNOWN',
      '',
      `The issuing authority "${ctx.issuingAuthority}" is not a known KP authority.`,
    );
  } else {
    if (!issuer.mayIssue) {
      report(
        rules,
        'KPX_AUTHORITY_MAY_NOT_ISSUE',
        '',
        `${issuer.id} is not authorised to issue KP certificates.`,
      );
    }
    exporting = ctx.directory.participant(issuer.participant);
    if (!exporting) {
      report(
        rules,
        'KPX_PARTICIPANT_UNKNOWN',
        '',
        `The issuing authority's Participant "${issuer.participant}" is not a KP Participant.`,
      );
    }
  }

  if (raw) {
    const importingCode = stringAt(raw, 'importingParticipant');
    const importing = knownParticipant(rules, importingCode, '/importingParticipant');
    differentParticipants(rules, exporting, importing, '/importingParticipant');

    if (Object.hasOwn(raw, 'importingAuthority')) {
      const importer = knownAuthority(
        rules,
        stringAt(raw, 'importingAuthority'),
        '/importingAuthority',
      );
      if (importer) checkImporter(rules, importer, importing?.code, '/importingAuthority');
    } else if (importing && !ctx.directory.defaultImportingAuthority(importing.code)) {
      report(
        rules,
        'KPX_FIELD_REQUIRED',
        '/importingAuthority',
        `${importing.code} has no default importing authority; name one in "importingAuthority".`,
      );
    }

    const sums = checkItems(rules, valueAt(raw, 'items'), '/items');
    const totals = asRecord(valueAt(raw, 'totals'));
    if (totals) {
      checkTotal(rules, sums.carats, valueAt(totals, 'carats'), '/totals/carats', 'carats');
      checkTotal(rules, sums.valueUsd, valueAt(totals, 'valueUsd'), '/totals/valueUsd', 'value');
    }

    const expiresOn = valueAt(raw, 'expiresOn');
    checkValidity(
      rules,
      ctx.today,
      expiresOn,
      issuer?.validity.maxDays,
      '/expiresOn',
      'today, the date of issue',
    );

    checkTransit(rules, valueAt(raw, 'transit'), issuer?.participant, importingCode, '/transit');
    checkSeals(rules, valueAt(raw, 'seals'), '/seals');

    const replaces = stringAt(raw, 'replaces');
    if (
      issuer &&
      replaces !== undefined &&
      /^[A-Z]{2}[A-Z0-9\-/.]*$/.test(replaces) &&
      replaces.length <= 64
    ) {
      if (!numberMatchesPattern(issuer.numberPattern, replaces, issuer.participant)) {
        report(
          rules,
          'KPX_REPLACES_INVALID',
          '/replaces',
          `"${replaces}" is not a number ${issuer.id} issues (pattern ${issuer.numberPattern}); an amendment replaces a certificate of the same authority.`,
        );
      }
    }
  }

  if (parsed.success && rules.problems.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, problems: rules.problems };
}
