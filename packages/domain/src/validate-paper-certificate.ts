import { addDays, isCalendarDate } from './calendar-date.js';
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
import {
  paperCertificateInputSchema,
  type PaperCertificateInput,
} from './paper-certificate-input-schema.js';
import type { ValidationResult } from './problem.js';

/** What {@link validatePaperCertificate} needs besides the input. */
export type PaperCertificateContext = { directory: Directory; today?: string };

/**
 * Validates a certificate recorded from paper by the importing officer: the schema and the
 * rules that do not depend on the issuer's node — both sides Participants and different; the
 * importing authority, if named, of the importing Participant and receiving imports; the number
 * prefixed with the exporting Participant's code (KPCS Annex I); lines, totals, dates, transit,
 * seals. (The issuer's validity policy and pattern are not checked: the issuer is known only by
 * the name printed on the form.) Returns every problem; never throws on any JSON input.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` only when `ctx.today` is given and not a calendar date.
 */
export function validatePaperCertificate(
  input: unknown,
  ctx: PaperCertificateContext,
): ValidationResult<PaperCertificateInput> {
  if (ctx.today !== undefined && !isCalendarDate(ctx.today)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `today must be YYYY-MM-DD, got ${String(ctx.today)}`,
    });
  }
  const parsed = paperCertificateInputSchema.safeParse(input);
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
    const importer = knownAuthority(
      rules,
      stringAt(raw, 'importingAuthority'),
      '/importingAuthority',
    );
    if (importer) checkImporter(rules, importer, importing?.code, '/importingAuthority');

    const number = stringAt(raw, 'number');
    if (
      exporting &&
      number !== undefined &&
      number.length <= 64 &&
      !number.startsWith(exporting.code)
    ) {
      report(
        rules,
        'KPX_NUMBER_PATTERN',
        '/number',
        `A KP certificate number starts with the exporting Participant's code ${exporting.code}; got "${number}".`,
      );
    }

    const sums = checkItems(rules, valueAt(raw, 'items'), '/items');
    const totals = asRecord(valueAt(raw, 'totals'));
    if (totals) {
      checkTotal(rules, sums.carats, valueAt(totals, 'carats'), '/totals/carats', 'carats');
      checkTotal(rules, sums.valueUsd, valueAt(totals, 'valueUsd'), '/totals/valueUsd', 'value');
    }
    const issuedOn = valueAt(raw, 'issuedOn');
    const expiresOn = valueAt(raw, 'expiresOn');
    checkValidity(rules, issuedOn, expiresOn, undefined, '/expiresOn');
    if (ctx.today !== undefined && isCalendarDate(issuedOn) && issuedOn > addDays(ctx.today, 1)) {
      report(
        rules,
        'KPX_DATE_INVALID',
        '/issuedOn',
        `The date of issue ${issuedOn} is in the future (today is ${ctx.today}).`,
      );
    }
    checkTransit(rules, valueAt(raw, 'transit'), exportingCode, importingCode, '/transit');
    checkSeals(rules, valueAt(raw, 'seals'), '/seals');
  }
  if (parsed.success && rules.problems.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, problems: rules.problems };
}
