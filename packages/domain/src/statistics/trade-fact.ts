import { amountToCents, centsToAmount, type Amount } from '../amount.js';
import type { Certificate } from '../certificate-schema.js';
import type { Confirmation } from '../confirmation-input-schema.js';
import { hsCodeValues, type HsCode } from '../hs-codes.js';
import { KpxError } from '../kpx-error.js';
import type { CertificateStatus } from '../next-status.js';
import { apportion } from './apportion.js';

/** Direction of trade, seen from the Participant that reports. */
export type TradeFlow = 'export' | 'import';

/** Carats and US$ of one HS subheading in a {@link TradeFact}. */
export type TradeLine = { hs: HsCode; carats: Amount; valueUsd: Amount };

/**
 * One certificate's contribution to the trade statistics (KPCS Annex III), or its withdrawal.
 * `partner` is the other Participant (the importer of an export, the exporter of an import);
 * `date` is the date of issue for an export and the date of receipt for an import;
 * `provenance` is the last exporting Participant (KPCS Annex III), i.e. the certificate's
 * exporting Participant — for an export that is the reporter itself. `lines` hold each HS
 * subheading once, in code order. `sign: -1` removes exactly the figures its `+1` twin added,
 * so statistics are the sum of signed facts, in any order.
 */
export type TradeFact = {
  flow: TradeFlow;
  number: string;
  partner: string;
  date: string;
  origin: string;
  provenance: string;
  lines: TradeLine[];
  sign: 1 | -1;
};

/**
 * What statistics need to know of a certificate as a node holds it: which side the node is
 * on, the status, the certificate, and the import confirmation once there is one. The node's
 * certificate record (and a paper certificate recorded by an importer) fits as it is.
 */
export type CertificateState = {
  direction: 'outgoing' | 'incoming';
  status: CertificateStatus;
  certificate: Pick<
    Certificate,
    | 'number'
    | 'exportingParticipant'
    | 'importingParticipant'
    | 'origin'
    | 'items'
    | 'issuedOn'
    | 'expiresOn'
  >;
  confirmation?: Pick<Confirmation, 'carats' | 'valueUsd' | 'items' | 'receivedOn'> | undefined;
};

/**
 * Statuses in which an issued certificate counts as an export. Cancelled and superseded
 * certificates never left under that certificate (an amendment counts as itself); a rejected
 * or expired one was issued and may have travelled, so it stays in the exports and shows up
 * in reconciliation and anomalies instead.
 */
export const exportCountingStatuses: readonly CertificateStatus[] = Object.freeze([
  'issued',
  'delivered',
  'confirmed',
  'rejected',
  'expired',
]);

/**
 * The trade facts a certificate contributes in its current state (none or one, sign `+1`):
 *
 * - **export** (outgoing, status in {@link exportCountingStatuses}): dated by the date of
 *   issue, with the certificate's lines;
 * - **import** (incoming, `confirmed`, electronic or paper alike): dated by the date of receipt,
 *   with the confirmation's lines when it gives them. When it gives only totals, the confirmed
 *   totals are apportioned over the certificate's HS lines in proportion to the certificate's
 *   carats (and values), exactly, by largest remainder ({@link apportion}); so when the
 *   confirmed totals equal the certificate's, the lines are the certificate's own, and the
 *   import figures always add up to what was confirmed. A line left with 0.00 carats and 0.00
 *   US$ is dropped.
 *
 * @throws KpxError `KPX_STATISTICS_INCONSISTENT` for a `confirmed` incoming certificate without
 * its confirmation (the record is damaged: statistics would otherwise silently lose it).
 */
export function tradeFactsOf(state: CertificateState): TradeFact[] {
  const c = state.certificate;
  if (state.direction === 'outgoing') {
    if (!exportCountingStatuses.includes(state.status)) return [];
    return [
      {
        flow: 'export',
        number: c.number,
        partner: c.importingParticipant,
        date: c.issuedOn,
        origin: c.origin,
        provenance: c.exportingParticipant,
        lines: mergeLines(c.items),
        sign: 1,
      },
    ];
  }
  if (state.status !== 'confirmed') return [];
  const confirmation = state.confirmation;
  if (!confirmation) {
    throw new KpxError('KPX_STATISTICS_INCONSISTENT', {
      detail: `Certificate ${c.number} is confirmed but has no confirmation`,
    });
  }
  return [
    {
      flow: 'import',
      number: c.number,
      partner: c.exportingParticipant,
      date: confirmation.receivedOn,
      origin: c.origin,
      provenance: c.exportingParticipant,
      lines: confirmation.items
        ? mergeLines(confirmation.items)
        : apportionLines(c.items, confirmation.carats, confirmation.valueUsd),
      sign: 1,
    },
  ];
}

/**
 * The signed facts that turn the statistics of `before` into those of `after` (either may be
 * absent: a new or a deleted record): the negation of each fact that went, then each fact
 * that came; an unchanged fact gives nothing. Cancelling or superseding an export gives
 * exactly the negation of its original fact. The incremental path applies these with
 * `applyFact`; the result equals a full scan of the new states.
 */
export function tradeFactChanges(
  before: CertificateState | undefined,
  after: CertificateState | undefined,
): TradeFact[] {
  const old = before ? tradeFactsOf(before) : [];
  const now = after ? tradeFactsOf(after) : [];
  const oldKeys = old.map(factIdentity);
  const nowKeys = now.map(factIdentity);
  return [
    ...old.filter((_, i) => !nowKeys.includes(oldKeys[i]!)).map(negateFact),
    ...now.filter((_, i) => !oldKeys.includes(nowKeys[i]!)),
  ];
}

/** The same fact with the opposite sign. */
export function negateFact(fact: TradeFact): TradeFact {
  return { ...fact, lines: fact.lines.map((l) => ({ ...l })), sign: fact.sign === 1 ? -1 : 1 };
}

function factIdentity(fact: TradeFact): string {
  const { flow, number, partner, date, origin, provenance, lines } = fact;
  return JSON.stringify([flow, number, partner, date, origin, provenance, lines]);
}

/** Lines with each HS once (summed), in code order. */
function mergeLines(items: readonly TradeLine[]): TradeLine[] {
  const out: TradeLine[] = [];
  for (const hs of hsCodeValues) {
    const same = items.filter((i) => i.hs === hs);
    if (same.length === 0) continue;
    let carats = 0n;
    let value = 0n;
    for (const i of same) {
      carats += amountToCents(i.carats);
      value += amountToCents(i.valueUsd);
    }
    out.push({ hs, carats: centsToAmount(carats), valueUsd: centsToAmount(value) });
  }
  return out;
}

function apportionLines(
  certificateItems: readonly TradeLine[],
  carats: Amount,
  valueUsd: Amount,
): TradeLine[] {
  const lines = mergeLines(certificateItems);
  const caratWeights = lines.map((l) => amountToCents(l.carats));
  const valueWeights = lines.map((l) => amountToCents(l.valueUsd));
  const valueBasis = valueWeights.some((w) => w > 0n) ? valueWeights : caratWeights;
  const caratShares = apportion(amountToCents(carats), caratWeights);
  const valueShares = apportion(amountToCents(valueUsd), valueBasis);
  return lines
    .map((l, i) => ({
      hs: l.hs,
      carats: centsToAmount(caratShares[i]!),
      valueUsd: centsToAmount(valueShares[i]!),
    }))
    .filter((l) => l.carats !== '0.00' || l.valueUsd !== '0.00');
}
