import { amountToCents, isAmount } from './amount.js';
import { isCalendarDate } from './calendar-date.js';
import {
  asRecord,
  checkItems,
  checkTotal,
  report,
  valueAt,
  type Rules,
} from './certificate-rules.js';
import type { Certificate } from './certificate-schema.js';
import { confirmationInputSchema, type Confirmation } from './confirmation-input-schema.js';
import { createDirectory } from './directory.js';
import { issuesToProblems } from './issues-to-problems.js';
import type { ValidationResult } from './problem.js';

// Confirmation rules consult no directory.
const noDirectory = createDirectory([], []);

/**
 * Validates an import confirmation (KPCS III(b)) against the certificate it confirms: the
 * schema; carats more than zero; lines, if given, each HS once and summing to the stated
 * carats and value; received no earlier than the date of issue and no later than the date of
 * expiry (an expired certificate cannot cover an import: reject the shipment instead).
 * Differences between what arrived and what the certificate says are not problems but
 * discrepancies: see {@link computeDiscrepancies}. Never throws on any JSON input.
 */
export function validateConfirmation(
  input: unknown,
  certificate: Certificate,
): ValidationResult<Confirmation> {
  const parsed = confirmationInputSchema.safeParse(input);
  const rules: Rules = {
    directory: noDirectory,
    problems: parsed.success ? [] : issuesToProblems(parsed.error.issues, input),
  };
  const raw = asRecord(input);
  if (raw) {
    const carats = valueAt(raw, 'carats');
    if (isAmount(carats) && amountToCents(carats) === 0n) {
      report(
        rules,
        'KPX_CARATS_NOT_POSITIVE',
        '/carats',
        'Carats received must be more than 0.00; if nothing arrived, reject the shipment.',
      );
    }
    if (Object.hasOwn(raw, 'items')) {
      const sums = checkItems(rules, valueAt(raw, 'items'), '/items');
      checkTotal(rules, sums.carats, carats, '/carats', 'carats');
      checkTotal(rules, sums.valueUsd, valueAt(raw, 'valueUsd'), '/valueUsd', 'value');
    }
    const receivedOn = valueAt(raw, 'receivedOn');
    if (isCalendarDate(receivedOn)) {
      if (receivedOn < certificate.issuedOn) {
        report(
          rules,
          'KPX_DATE_INVALID',
          '/receivedOn',
          `The date of receipt ${receivedOn} is before the certificate was issued, ${certificate.issuedOn}.`,
        );
      } else if (receivedOn > certificate.expiresOn) {
        report(
          rules,
          'KPX_CERTIFICATE_EXPIRED',
          '/receivedOn',
          `The certificate expired on ${certificate.expiresOn}, before the shipment was received on ${receivedOn}; reject the shipment instead.`,
        );
      }
    }
  }
  if (parsed.success && rules.problems.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, problems: rules.problems };
}
