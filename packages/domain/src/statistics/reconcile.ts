import { amountToCents, subtractAmounts, type Amount } from '../amount.js';
import { daysBetween, isCalendarDate } from '../calendar-date.js';
import { KpxError } from '../kpx-error.js';
import type { CertificateStatus } from '../next-status.js';
import { amountOfSum } from './exact-sum.js';
import { quarterOf } from './period.js';

/**
 * One certificate as one side of the trade holds it: the exporting side (the certificate as
 * issued) or the importing side (what the importing authority confirmed). `exporter` and
 * `importer` are Participant codes; `confirmedOn` is the date of receipt, once confirmed.
 */
export type MirrorEntry = {
  number: string;
  exporter: string;
  importer: string;
  issuedOn: string;
  carats: Amount;
  valueUsd: Amount;
  parcels: number;
  confirmedOn?: string;
  status: CertificateStatus;
};

/** The exporting side of a certificate: its figures as issued. */
export type ExportSide = MirrorEntry;
/** The importing side of a certificate: its figures as confirmed at import. */
export type ImportSide = MirrorEntry;

/** Options of {@link reconcile}: the day of the check and when an export counts as overdue. */
export type ReconcileOptions = { today: string; overdueDays: number };

/** Certificates, carats, US$ and parcels of one side in one group. */
export type MirrorTotals = {
  certificates: number;
  carats: Amount;
  valueUsd: Amount;
  parcels: number;
};

/**
 * A figure on which the two sides of one certificate disagree: `expected` the export side's,
 * `actual` the import side's, `difference` = actual − expected (`"-12.30"`; parcels and days
 * of `issuedOn` as whole numbers).
 */
export type MirrorDifference = {
  field: 'parcels' | 'carats' | 'valueUsd' | 'issuedOn';
  expected: string;
  actual: string;
  difference: string;
};

/** A matched certificate whose two sides disagree, with every difference. */
export type MirrorDiscrepancy = { number: string; differences: MirrorDifference[] };

/** An export still not confirmed more than `overdueDays` after its issue. */
export type OverdueExport = {
  number: string;
  issuedOn: string;
  status: CertificateStatus;
  daysOpen: number;
};

/**
 * A confirmation that matches no live export: no such certificate (`unknown`), one that was
 * `cancelled` or `superseded`, one between other Participants (`route-mismatch`), or a second
 * confirmation of the same certificate (`duplicate` — a sign of reuse).
 */
export type UnknownConfirmation = {
  number: string;
  confirmedOn?: string;
  reason: 'unknown' | 'cancelled' | 'superseded' | 'route-mismatch' | 'duplicate';
};

/**
 * The mirror comparison of one exporter → importer route in one quarter (the quarter of the
 * date of issue, the one date both sides share, so a shipment received in the next quarter
 * still pairs up). `exports`: live certificates (not cancelled or superseded) issued in it;
 * `imports`: confirmations of certificates issued in it, matched or not; `matched`: pairs found;
 * `discrepancies`: matched pairs that disagree; `overdue`: unconfirmed exports past the limit;
 * `notMirrored`: exports the export side records as confirmed but the import side has no
 * confirmation of; `unknownConfirmations`: see {@link UnknownConfirmation}.
 */
export type ReconciliationGroup = {
  period: string;
  exporter: string;
  importer: string;
  exports: MirrorTotals;
  imports: MirrorTotals;
  matched: number;
  discrepancies: MirrorDiscrepancy[];
  overdue: OverdueExport[];
  notMirrored: string[];
  unknownConfirmations: UnknownConfirmation[];
};

type Sums = { certificates: number; carats: bigint; value: bigint; parcels: number };
type Work = Omit<ReconciliationGroup, 'exports' | 'imports'> & { out: Sums; in: Sums };

/**
 * Mirror reconciliation (the KP Working Group on Statistics' comparison of partners' figures,
 * done per certificate): pairs each confirmation on the import side with the export of the
 * same number, route and a live status, and reports per route and quarter the totals of both
 * sides, the differences of the pairs (only non-zero ones), the exports unconfirmed more than
 * `overdueDays` days after issue (a rejected export is not overdue: it was answered), and the
 * confirmations of no live export. Only import entries with status `confirmed` are
 * confirmations. A number repeated on the export side counts once (the first). Groups come
 * sorted by quarter, exporter, importer; lists inside by certificate number.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` for a malformed `today` or `overdueDays`;
 * `KPX_AMOUNT_INVALID` / `KPX_DATE_INVALID` for malformed entries (callers pass stored,
 * validated data); `KPX_TOTAL_TOO_LARGE` past the amount cap.
 */
export function reconcile(
  exports: readonly ExportSide[],
  imports: readonly ImportSide[],
  options: ReconcileOptions,
): ReconciliationGroup[] {
  const { today, overdueDays } = options;
  if (!isCalendarDate(today)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `today is not a calendar date: ${String(today)}`,
    });
  }
  if (!Number.isSafeInteger(overdueDays) || overdueDays < 0) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `overdueDays must be a whole number ≥ 0` });
  }
  const groups = new Map<string, Work>();
  const groupOf = (e: MirrorEntry): Work => {
    const period = quarterOf(e.issuedOn);
    const key = JSON.stringify([period, e.exporter, e.importer]);
    let g = groups.get(key);
    if (!g) {
      g = {
        period,
        exporter: e.exporter,
        importer: e.importer,
        out: emptySums(),
        in: emptySums(),
        matched: 0,
        discrepancies: [],
        overdue: [],
        notMirrored: [],
        unknownConfirmations: [],
      };
      groups.set(key, g);
    }
    return g;
  };

  const byNumber = new Map<string, ExportSide>();
  for (const e of exports) if (!byNumber.has(e.number)) byNumber.set(e.number, e);
  const live = (e: ExportSide) => e.status !== 'cancelled' && e.status !== 'superseded';

  const matches = new Map<string, ImportSide>();
  const rejected = new Set<string>();
  for (const i of imports) {
    if (i.status === 'rejected') rejected.add(i.number);
    if (i.status !== 'confirmed') continue;
    const e = byNumber.get(i.number);
    let reason: UnknownConfirmation['reason'] | undefined;
    if (!e) reason = 'unknown';
    else if (e.status === 'cancelled' || e.status === 'superseded') reason = e.status;
    else if (e.exporter !== i.exporter || e.importer !== i.importer) reason = 'route-mismatch';
    else if (matches.has(i.number)) reason = 'duplicate';
    if (reason === undefined) {
      matches.set(i.number, i);
      add(groupOf(e!).in, i);
    } else {
      const g = groupOf(i);
      add(g.in, i);
      g.unknownConfirmations.push({
        number: i.number,
        ...(i.confirmedOn === undefined ? {} : { confirmedOn: i.confirmedOn }),
        reason,
      });
    }
  }

  for (const e of byNumber.values()) {
    if (!live(e)) continue;
    const g = groupOf(e);
    add(g.out, e);
    const i = matches.get(e.number);
    if (i) {
      g.matched += 1;
      const differences = differencesOf(e, i);
      if (differences.length > 0) g.discrepancies.push({ number: e.number, differences });
    } else if (e.status === 'confirmed' || e.confirmedOn !== undefined) {
      g.notMirrored.push(e.number);
    } else if (e.status !== 'rejected' && !rejected.has(e.number)) {
      const daysOpen = daysBetween(e.issuedOn, today);
      if (daysOpen > overdueDays) {
        g.overdue.push({ number: e.number, issuedOn: e.issuedOn, status: e.status, daysOpen });
      }
    }
  }

  return [...groups.values()]
    .sort(
      (a, b) =>
        compare(a.period, b.period) ||
        compare(a.exporter, b.exporter) ||
        compare(a.importer, b.importer),
    )
    .map(({ out, in: inSums, ...g }) => ({
      period: g.period,
      exporter: g.exporter,
      importer: g.importer,
      exports: totals(out),
      imports: totals(inSums),
      matched: g.matched,
      discrepancies: g.discrepancies.sort((a, b) => compare(a.number, b.number)),
      overdue: g.overdue.sort((a, b) => compare(a.number, b.number)),
      notMirrored: g.notMirrored.sort(compare),
      unknownConfirmations: g.unknownConfirmations.sort(
        (a, b) => compare(a.number, b.number) || compare(a.reason, b.reason),
      ),
    }));
}

function differencesOf(e: ExportSide, i: ImportSide): MirrorDifference[] {
  const out: MirrorDifference[] = [];
  if (e.parcels !== i.parcels) {
    out.push({
      field: 'parcels',
      expected: String(e.parcels),
      actual: String(i.parcels),
      difference: String(i.parcels - e.parcels),
    });
  }
  for (const field of ['carats', 'valueUsd'] as const) {
    const difference = subtractAmounts(i[field], e[field]);
    if (difference !== '0.00')
      out.push({ field, expected: e[field], actual: i[field], difference });
  }
  if (e.issuedOn !== i.issuedOn) {
    out.push({
      field: 'issuedOn',
      expected: e.issuedOn,
      actual: i.issuedOn,
      difference: String(daysBetween(e.issuedOn, i.issuedOn)),
    });
  }
  return out;
}

function emptySums(): Sums {
  return { certificates: 0, carats: 0n, value: 0n, parcels: 0 };
}

function add(sums: Sums, e: MirrorEntry): void {
  sums.certificates += 1;
  sums.carats += amountToCents(e.carats);
  sums.value += amountToCents(e.valueUsd);
  sums.parcels += e.parcels;
}

function totals(s: Sums): MirrorTotals {
  return {
    certificates: s.certificates,
    carats: amountOfSum(s.carats),
    valueUsd: amountOfSum(s.value),
    parcels: s.parcels,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
