/**
 * @kpx/domain — the Kimberley Process certificate model: Participants, authorities, HS codes,
 * exact amounts, the certificate schemas and KPCS rules, the lifecycle. Pure: no I/O, no clock,
 * no randomness.
 *
 * @packageDocumentation
 */
export { errorCodes, isKpxCode, type KpxCode } from './error-codes.js';
export { KpxError, type KpxErrorOptions } from './kpx-error.js';
export { jsonPointer, type Problem, type ValidationResult } from './problem.js';

export {
  amountPattern,
  amountToCents,
  centsToAmount,
  compareAmounts,
  isAmount,
  maxAmountCents,
  subtractAmounts,
  sumAmounts,
  type Amount,
} from './amount.js';
export { addDays, daysBetween, isCalendarDate } from './calendar-date.js';

export {
  participantByCode,
  participants,
  type LocalizedNames,
  type Participant,
} from './participants.js';
export { hsCodes, hsCodeValues, isHsCode, type HsCode, type HsEntry } from './hs-codes.js';
export {
  defaultValidity,
  genericAuthority,
  seedAuthorities,
  type Authority,
  type ValidityPolicy,
} from './authority.js';
export {
  createDirectory,
  defaultDirectory,
  defaultImportingAuthorities,
  type Directory,
} from './directory.js';
export {
  defaultNumberPattern,
  formatCertificateNumber,
  isValidNumberPattern,
  maxNumberLength,
  maxSerial,
  numberMatchesPattern,
  type CertificateNumberParts,
} from './certificate-number.js';

export {
  amountSchema,
  authorityIdSchema,
  calendarDateSchema,
  certificateNumberSchema,
  hsCodeSchema,
  maxParcels,
  originSchema,
  participantCodeSchema,
  sealSchema,
  textLimits,
} from './field-schemas.js';
export { partySchema, type Party } from './party-schema.js';
export { lineItemSchema, totalsSchema, type LineItem, type Totals } from './line-item-schema.js';
export {
  certificateDraftSchema,
  maxItems,
  type CertificateDraft,
} from './certificate-draft-schema.js';
export { certificateSchema, type Certificate } from './certificate-schema.js';
export { confirmationInputSchema, type Confirmation } from './confirmation-input-schema.js';
export {
  cancellationInputSchema,
  rejectionInputSchema,
  type ReasonInput,
} from './reason-input-schema.js';
export {
  paperCertificateInputSchema,
  type PaperCertificateInput,
} from './paper-certificate-input-schema.js';

export { validateDraft, type DraftContext } from './validate-draft.js';
export { buildCertificate, type BuildContext } from './build-certificate.js';
export { validateCertificate, type CertificateContext } from './validate-certificate.js';
export {
  validatePaperCertificate,
  type PaperCertificateContext,
} from './validate-paper-certificate.js';
export { validateConfirmation } from './validate-confirmation.js';
export {
  computeDiscrepancies,
  type Discrepancy,
  type DiscrepancyField,
} from './compute-discrepancies.js';
export {
  certificateStatuses,
  isTerminal,
  lifecycleEvents,
  nextStatus,
  type CertificateStatus,
  type LifecycleEvent,
  type Transition,
} from './next-status.js';
export { sampleDraft } from './sample-draft.js';
