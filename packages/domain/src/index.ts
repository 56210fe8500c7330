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
  receivedBeforeExpiry,
  type CertificateStatus,
  type ConfirmContext,
  type LifecycleEvent,
  type Transition,
} from './next-status.js';
export { sampleDraft } from './sample-draft.js';

// Statistics (KPCS section V, Annex III): periods, trade facts and aggregates, production
// returns, CSV in and out, mirror reconciliation, anomalies.
export {
  halfOf,
  parsePeriod,
  periodContains,
  periodOf,
  periodPattern,
  previousPeriod,
  quarterOf,
  type Period,
  type PeriodKind,
} from './statistics/period.js';
export { halfYearSchema, periodSchema, quarterSchema } from './statistics/period-schema.js';
export { apportion } from './statistics/apportion.js';
export {
  exportCountingStatuses,
  negateFact,
  tradeFactChanges,
  tradeFactsOf,
  type CertificateState,
  type TradeFact,
  type TradeFlow,
  type TradeLine,
} from './statistics/trade-fact.js';
export {
  aggregateOf,
  applyFact,
  createTradeAggregate,
  tradeCellKey,
  tradeDeltaOf,
  type TradeAggregate,
  type TradeDelta,
  type TradeGroupCell,
  type TradeGroupKey,
  type TradeLineCell,
  type TradeRowKey,
} from './statistics/trade-aggregate.js';
export {
  aggregateTrade,
  totalsOf,
  tradeRowSchema,
  tradeRowsOf,
  tradeTotalsSchema,
  type TradeFilter,
  type TradeRow,
  type TradeTotals,
} from './statistics/trade-rows.js';
export {
  maxProductionEntries,
  productionEntrySchema,
  productionReturnSchema,
  type ProductionEntry,
  type ProductionReturn,
} from './statistics/production-return-schema.js';
export { validateProductionReturn } from './statistics/validate-production-return.js';
export { amountFromText, type AmountText } from './statistics/amount-text.js';
export { parseCsv, type CsvRecord } from './statistics/parse-csv.js';
export {
  parseProductionCsv,
  productionCsvColumns,
  productionReturnOf,
  type CsvProblem,
  type CsvRowResult,
  type ProductionCsvValue,
} from './statistics/parse-production-csv.js';
export { csvCell, toCsv, type CsvColumn, type CsvOptions } from './statistics/to-csv.js';
export {
  reconcile,
  type ExportSide,
  type ImportSide,
  type MirrorDifference,
  type MirrorDiscrepancy,
  type MirrorEntry,
  type MirrorTotals,
  type OverdueExport,
  type ReconcileOptions,
  type ReconciliationGroup,
  type UnknownConfirmation,
} from './statistics/reconcile.js';
export { reconciliationGroupSchema } from './statistics/reconciliation-schema.js';
export { parseFactor, type Factor } from './statistics/factor.js';
export {
  bandFor,
  compareValuePerCarat,
  defaultBandFactors,
  globalValuePerCarat2020,
  valuePerCarat,
  valuePerCaratBands,
  valuePerCaratReference2020,
  type BandFactors,
  type BandOptions,
  type OriginBands,
  type ValuePerCaratBand,
  type ValuePerCaratBands,
} from './statistics/value-per-carat.js';
export type { Anomaly, AnomalyKind, AnomalySeverity } from './statistics/anomaly.js';
export {
  defaultVolumeJump,
  detectVolumeJumps,
  type PeriodVolume,
  type VolumeJumpInput,
  type VolumeJumpOptions,
} from './statistics/volume-jumps.js';
export {
  detectAnomalies,
  type AnomalyInput,
  type ReuseAttempt,
} from './statistics/detect-anomalies.js';
export { anomalySchema } from './statistics/anomaly-schema.js';
