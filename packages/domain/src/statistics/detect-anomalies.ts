import { amountToCents } from '../amount.js';
import { isCalendarDate } from '../calendar-date.js';
import { KpxError } from '../kpx-error.js';
import type { Anomaly, AnomalyKind, AnomalySeverity } from './anomaly.js';
import { quarterOf } from './period.js';
import type { CertificateState } from './trade-fact.js';
import {
  bandFor,
  compareValuePerCarat,
  valuePerCarat,
  valuePerCaratBands,
  type ValuePerCaratBands,
} from './value-per-carat.js';
import { detectVolumeJumps, type PeriodVolume, type VolumeJumpOptions } from './volume-jumps.js';

/** A consumed certificate presented again (recorded as `KPX_REUSE_DETECTED`). */
export type ReuseAttempt = { number: string; on: string; partner?: string; detail?: string };

/**
 * Input of {@link detectAnomalies}. `reuseAttempts` and `partner` values are Participant codes;
 * `bands` default to {@link valuePerCaratBands}(); `volumeJump` to `defaultVolumeJump`.
 */
export type AnomalyInput = {
  certificates: readonly CertificateState[];
  reuseAttempts?: readonly ReuseAttempt[];
  today: string;
  bands?: ValuePerCaratBands;
  previousPeriodTotals?: readonly PeriodVolume[];
  volumeJump?: VolumeJumpOptions;
};

const severityRank: Readonly<Record<AnomalySeverity, number>> = { high: 0, medium: 1, low: 2 };
const kindRank: Readonly<Record<AnomalyKind, number>> = {
  reuse: 0,
  'value-per-carat': 1,
  'expired-unconfirmed': 2,
  'volume-jump': 3,
};

/**
 * Finds anomalies in the certificates a node holds:
 *
 * - **reuse** (high): each reuse attempt — a consumed certificate presented again.
 * - **value-per-carat** (medium; high beyond ten times the band's end): a line of a certificate
 *   (not cancelled or superseded) whose US$ per carat lies outside the band of its origin and HS
 *   code (`bands`, default {@link valuePerCaratBands}), compared exactly.
 * - **expired-unconfirmed** (medium): a certificate that expired, or is past its date of expiry
 *   while still issued or delivered, with no import confirmation.
 * - **volume-jump** (low): a quarter-on-quarter change of carats with one partner by more than
 *   the factor either way, from `previousPeriodTotals` and the certificates' trade facts: see
 *   {@link detectVolumeJumps}.
 *
 * Sorted by severity (high first), kind, period, partner, number.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` for a malformed `today`, jump option or bands;
 * `KPX_PERIOD_INVALID` for a previous total not given per quarter; `KPX_STATISTICS_INCONSISTENT`
 * as `tradeFactsOf`.
 */
export function detectAnomalies(input: AnomalyInput): Anomaly[] {
  if (!isCalendarDate(input.today)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `today is not a calendar date: ${String(input.today)}`,
    });
  }
  const bands = input.bands ?? valuePerCaratBands();
  const out: Anomaly[] = [];
  for (const attempt of input.reuseAttempts ?? []) {
    out.push({
      kind: 'reuse',
      number: attempt.number,
      ...(attempt.partner === undefined ? {} : { partner: attempt.partner }),
      period: quarterOf(attempt.on),
      detail: `Certificate ${attempt.number} was presented again on ${attempt.on} after its import was confirmed${attempt.detail ? `: ${attempt.detail.replace(/[.!?]?$/, (end) => end || '.')}` : '.'}`,
      severity: 'high',
    });
  }
  for (const state of input.certificates) {
    out.push(...valueAnomalies(state, bands), ...expiryAnomalies(state, input.today));
  }
  out.push(...detectVolumeJumps(input));
  return out.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      kindRank[a.kind] - kindRank[b.kind] ||
      compare(a.period ?? '', b.period ?? '') ||
      compare(a.partner ?? '', b.partner ?? '') ||
      compare(a.number ?? '', b.number ?? '') ||
      compare(a.detail, b.detail),
  );
}

function partnerOf(state: CertificateState): string {
  const c = state.certificate;
  return state.direction === 'outgoing' ? c.importingParticipant : c.exportingParticipant;
}

function valueAnomalies(state: CertificateState, bands: ValuePerCaratBands): Anomaly[] {
  if (state.status === 'cancelled' || state.status === 'superseded') return [];
  const c = state.certificate;
  const out: Anomaly[] = [];
  for (const line of c.items) {
    if (amountToCents(line.carats) === 0n) continue;
    const { band, basis, reference } = bandFor(bands, c.origin, line.hs);
    const { position, far } = compareValuePerCarat(line, band);
    if (position === 'within') continue;
    const of =
      basis === 'origin' ? `${c.origin} reference ${reference}` : `world reference ${reference}`;
    out.push({
      kind: 'value-per-carat',
      number: c.number,
      partner: partnerOf(state),
      period: quarterOf(c.issuedOn),
      detail: `HS ${line.hs}: ${valuePerCarat(line)} US$/ct (${line.valueUsd} US$ for ${line.carats} ct) is ${position} the band ${band.min}–${band.max} US$/ct (${of} US$/ct).`,
      severity: far ? 'high' : 'medium',
    });
  }
  return out;
}

function expiryAnomalies(state: CertificateState, today: string): Anomaly[] {
  const c = state.certificate;
  const open = state.status === 'issued' || state.status === 'delivered';
  if (state.status !== 'expired' && !(open && c.expiresOn < today)) return [];
  const route =
    state.direction === 'outgoing'
      ? `exported to ${c.importingParticipant}`
      : `imported from ${c.exportingParticipant}`;
  return [
    {
      kind: 'expired-unconfirmed',
      number: c.number,
      partner: partnerOf(state),
      period: quarterOf(c.issuedOn),
      detail: `Certificate ${c.number} (${route}) expired on ${c.expiresOn} without an import confirmation.`,
      severity: 'medium',
    },
  ];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
