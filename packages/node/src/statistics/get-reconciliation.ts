import {
  addDays,
  amountToCents,
  daysBetween,
  centsToAmount,
  maxAmountCents,
  quarterOf,
  reconcile,
  KpxError,
  type CertificateStatus,
  type ExportSide,
  type ImportSide,
  type MirrorTotals,
  type ReconciliationGroup,
} from '@kpx/domain';
import { decodeJwsPayload } from '@kpx/protocol';
import { sql } from 'kysely';
import { importConfirmedBodySchema } from '../exchange/message-bodies.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { requirePeriod } from './get-statistics.js';
import { statisticsDb, type StatisticsDb } from './statistics-tables.js';
import { quartersOf } from './trade-aggregate-store.js';

/** `GET /api/v1/reconciliation`: mirror differences, per route and quarter of issue. */
export type ReconciliationReport = {
  /** The period asked for; absent for the whole history. */
  period?: string;
  /** The day overdue exports are counted to (UTC). */
  today: string;
  overdueDays: number;
  groups: ReconciliationGroup[];
};

/** The figures of a held certificate on both sides, as the mirror entries keep them. */
export type MirrorRow = {
  number: string;
  exporter: string;
  importer: string;
  issuedOn: string;
  status: CertificateStatus;
  carats: string;
  valueUsd: string;
  parcels: number;
  confirmation?: { on: string; carats: string; valueUsd: string; parcels: number };
};

/**
 * The two sides the domain's `reconcile` compares, from what a node holds: for every held
 * certificate its export side (the certificate as issued — ours for exports, the partner's for
 * imports) and, once confirmed, its import side (the confirmation received from the importer
 * for our exports, the one we sent for our imports).
 */
export function mirrorSides(rows: Iterable<MirrorRow>): {
  exports: ExportSide[];
  imports: ImportSide[];
} {
  const exports: ExportSide[] = [];
  const imports: ImportSide[] = [];
  // Plain literals, one shape each: this runs for every entry reconciliation lists.
  for (const r of rows) {
    const c = r.confirmation;
    if (c === undefined) {
      exports.push({
        number: r.number,
        exporter: r.exporter,
        importer: r.importer,
        issuedOn: r.issuedOn,
        carats: r.carats,
        valueUsd: r.valueUsd,
        parcels: r.parcels,
        status: r.status,
      });
      continue;
    }
    exports.push({
      number: r.number,
      exporter: r.exporter,
      importer: r.importer,
      issuedOn: r.issuedOn,
      carats: r.carats,
      valueUsd: r.valueUsd,
      parcels: r.parcels,
      confirmedOn: c.on,
      status: r.status,
    });
    imports.push({
      number: r.number,
      exporter: r.exporter,
      importer: r.importer,
      issuedOn: r.issuedOn,
      carats: c.carats,
      valueUsd: c.valueUsd,
      parcels: c.parcels,
      confirmedOn: c.on,
      status: 'confirmed',
    });
  }
  return { exports, imports };
}

/**
 * Partners' confirmations this node refused (`import.confirmed` answered with a rejection: no
 * such certificate, cancelled, superseded, another route…), from the inbox: the import sides
 * that match no live export. Dated by the certificate's date of issue when it is held, else by
 * the date of receipt (the only date such a confirmation carries).
 */
export async function refusedConfirmations(
  ctx: NodeContext,
  db: StatisticsDb,
): Promise<ImportSide[]> {
  const rows = await db
    .selectFrom('inbox')
    .select(['envelope', 'from_authority'])
    .where('type', '=', 'import.confirmed')
    .where('result', '=', 'rejected')
    .orderBy('received_at')
    .orderBy('message_id')
    .execute();
  if (rows.length === 0) return [];
  const directory = ctx.trust.current().directory;
  const held = new Map<string, { exporter: string; issuedOn: string }>();
  const out: ImportSide[] = [];
  for (const row of rows) {
    const envelope = decodeJwsPayload(row.envelope) as { body?: unknown } | undefined;
    const body = importConfirmedBodySchema.safeParse(envelope?.body);
    if (!body.success) continue; // refused for its shape: it confirms nothing
    const { number, confirmation } = body.data;
    let known = held.get(number);
    if (known === undefined) {
      const entry = await db
        .selectFrom('mirror_entries')
        .select(['exporter', 'issued_on'])
        .where('number', '=', number)
        .executeTakeFirst();
      if (entry !== undefined) {
        known = { exporter: entry.exporter, issuedOn: entry.issued_on };
        held.set(number, known);
      }
    }
    const importer =
      directory.authority(row.from_authority)?.participant ?? row.from_authority.split('-')[0]!;
    out.push({
      number,
      exporter: known?.exporter ?? directory.authority(ctx.authority)?.participant ?? ctx.authority,
      importer,
      issuedOn: known?.issuedOn ?? confirmation.receivedOn,
      carats: confirmation.carats,
      valueUsd: confirmation.valueUsd,
      parcels: confirmation.parcels,
      confirmedOn: confirmation.receivedOn,
      status: 'confirmed',
    });
  }
  return out;
}

type Totals = { certificates: number; carats: bigint; value: bigint; parcels: number };
type Sums = { exports: Totals; imports: Totals; matched: number };
const noTotals = (): Totals => ({ certificates: 0, carats: 0n, value: 0n, parcels: 0 });
const noSums = (): Sums => ({ exports: noTotals(), imports: noTotals(), matched: 0 });
const groupKey = (g: { period: string; exporter: string; importer: string }) =>
  JSON.stringify([g.period, g.exporter, g.importer]);

function addTo(t: Totals, sign: 1 | -1, n: number, carats: bigint, value: bigint, parcels: number) {
  t.certificates += sign * n;
  t.carats += BigInt(sign) * carats;
  t.value += BigInt(sign) * value;
  t.parcels += sign * parcels;
}

function totalsOf(t: Totals): MirrorTotals {
  for (const v of [t.carats, t.value]) {
    if (v > maxAmountCents) {
      throw new KpxError('KPX_TOTAL_TOO_LARGE', {
        detail: `The sum ${centsToAmount(v)} exceeds ${centsToAmount(maxAmountCents)}`,
      });
    }
    if (v < 0n || t.certificates < 0 || t.parcels < 0) {
      throw new KpxError('KPX_STATISTICS_INCONSISTENT', {
        detail: 'Reconciliation sums went negative: the mirror entries are out of step',
      });
    }
  }
  return {
    certificates: t.certificates,
    carats: centsToAmount(t.carats),
    valueUsd: centsToAmount(t.value),
    parcels: t.parcels,
  };
}

const rowColumns = sql`number, exporter, importer, issued_on, status, parcels, confirmed_on,
  confirmed_parcels, cast(carats_cents as text) as carats, cast(value_cents as text) as value,
  cast(confirmed_carats_cents as text) as confirmed_carats,
  cast(confirmed_value_cents as text) as confirmed_value`;

type Row = {
  number: string;
  exporter: string;
  importer: string;
  issued_on: string;
  status: string;
  parcels: number;
  confirmed_on: string | null;
  confirmed_parcels: number | null;
  carats: string;
  value: string;
  confirmed_carats: string | null;
  confirmed_value: string | null;
};

function mirrorRowOf(r: Row): MirrorRow {
  const row: MirrorRow = {
    number: r.number,
    exporter: r.exporter,
    importer: r.importer,
    issuedOn: r.issued_on,
    status: r.status as CertificateStatus,
    carats: centsToAmount(BigInt(r.carats)),
    valueUsd: centsToAmount(BigInt(r.value)),
    parcels: Number(r.parcels),
  };
  if (r.confirmed_on !== null && r.confirmed_carats !== null && r.confirmed_value !== null) {
    row.confirmation = {
      on: r.confirmed_on,
      carats: centsToAmount(BigInt(r.confirmed_carats)),
      valueUsd: centsToAmount(BigInt(r.confirmed_value)),
      parcels: Number(r.confirmed_parcels),
    };
  }
  return row;
}

/**
 * Mirror reconciliation over this node's records (ARCHITECTURE.md flow 6; the domain's
 * `reconcile`): for each partner and quarter of issue, our exports against the partner's
 * confirmations we received, and the partners' certificates against the confirmations we sent
 * — certificate by certificate: differences, exports unconfirmed after
 * `statistics.overdueDays`, confirmations of unknown, cancelled or superseded certificates.
 *
 * Fast at any size, without reading every certificate: the totals per route and quarter are
 * kept in step with every change (`mirror_groups`); the entries that may be listed for more
 * than being open (`attention` 2: figures differ, not mirrored, unknown; and any entry a
 * refused confirmation names) go through the domain's `reconcile` with the refused
 * confirmations, and open entries issued before the overdue cut-off are listed as overdue.
 * The totals are the kept sums with the domain's own totals in place of its entries' plain
 * contributions (live → export, confirmed → import, both → matched). The result is exactly
 * the domain's `reconcile` of every entry: the tests and the benchmark compare the two.
 */
export async function getReconciliation(
  ctx: NodeContext,
  query: { period?: string } = {},
): Promise<ReconciliationReport> {
  const period = query.period === undefined ? undefined : requirePeriod(query.period);
  const quarters = period === undefined ? undefined : quartersOf(period);
  const today = isoAt(ctx.clock.now()).slice(0, 10);
  const overdueDays = ctx.config.statistics.overdueDays;
  const cutoff = addDays(today, -overdueDays);
  const db = statisticsDb(ctx.storage.db);
  const inPeriod = quarters === undefined ? sql`1 = 1` : sql`period in (${sql.join(quarters)})`;

  const refused = (await refusedConfirmations(ctx, db)).filter(
    (i) => quarters === undefined || quarters.includes(quarterOf(i.issuedOn)),
  );
  // Entries always listed, with their figures.
  const listed = new Map<string, Row>();
  const always = await sql<Row>`select ${rowColumns} from mirror_entries
    where attention = 2 and ${inPeriod}`.execute(db);
  for (const r of always.rows) listed.set(r.number, r);
  // Open entries past the cut-off: overdue, unless a refused confirmation names them.
  const open = await sql<{
    number: string;
    period: string;
    exporter: string;
    importer: string;
    issued_on: string;
    status: string;
  }>`select number, period, exporter, importer, issued_on, status from mirror_entries
    where attention = 1 and issued_on < ${cutoff} and ${inPeriod}`.execute(db);
  const namedByRefused = new Set(refused.map((i) => i.number));
  const named = [...namedByRefused].filter((n) => !listed.has(n));
  for (let i = 0; i < named.length; i += 500) {
    const chunk = named.slice(i, i + 500);
    const rows = await sql<Row>`select ${rowColumns} from mirror_entries
      where number in (${sql.join(chunk)}) and ${inPeriod}`.execute(db);
    for (const r of rows.rows) listed.set(r.number, r);
  }
  const entries = [...listed.values()].sort((a, b) => compare(a.number, b.number)).map(mirrorRowOf);
  const sides = mirrorSides(entries);
  const domain = reconcile(sides.exports, [...sides.imports, ...refused], { today, overdueDays });

  // Kept sums, less the plain contributions of the entries the domain counted itself.
  const sums = new Map<
    string,
    { key: { period: string; exporter: string; importer: string }; s: Sums }
  >();
  const sumsOf = (key: { period: string; exporter: string; importer: string }) => {
    const k = groupKey(key);
    let found = sums.get(k);
    if (found === undefined) {
      found = {
        key: { period: key.period, exporter: key.exporter, importer: key.importer },
        s: noSums(),
      };
      sums.set(k, found);
    }
    return found.s;
  };
  const kept = await sql<{
    period: string;
    exporter: string;
    importer: string;
    exports: number;
    exports_carats: string;
    exports_value: string;
    exports_parcels: string;
    imports: number;
    imports_carats: string;
    imports_value: string;
    imports_parcels: string;
    matched: number;
  }>`select period, exporter, importer, exports, imports, matched,
      cast(exports_carats_cents as text) as exports_carats,
      cast(exports_value_cents as text) as exports_value,
      cast(exports_parcels as text) as exports_parcels,
      cast(imports_carats_cents as text) as imports_carats,
      cast(imports_value_cents as text) as imports_value,
      cast(imports_parcels as text) as imports_parcels
    from mirror_groups where (exports <> 0 or imports <> 0) and ${inPeriod}`.execute(db);
  for (const g of kept.rows) {
    const s = sumsOf(g);
    addTo(
      s.exports,
      1,
      Number(g.exports),
      BigInt(g.exports_carats),
      BigInt(g.exports_value),
      Number(g.exports_parcels),
    );
    addTo(
      s.imports,
      1,
      Number(g.imports),
      BigInt(g.imports_carats),
      BigInt(g.imports_value),
      Number(g.imports_parcels),
    );
    s.matched += Number(g.matched);
  }
  for (const e of entries) {
    const s = sumsOf({ period: quarterOf(e.issuedOn), exporter: e.exporter, importer: e.importer });
    const live = e.status !== 'cancelled' && e.status !== 'superseded';
    if (live)
      addTo(s.exports, -1, 1, amountToCents(e.carats), amountToCents(e.valueUsd), e.parcels);
    const c = e.confirmation;
    if (c !== undefined) {
      addTo(s.imports, -1, 1, amountToCents(c.carats), amountToCents(c.valueUsd), c.parcels);
      if (live) s.matched -= 1;
    }
  }
  const byKey = new Map(domain.map((g) => [groupKey(g), g]));
  for (const { key, s } of sums.values()) {
    const k = groupKey(key);
    const g = byKey.get(k) ?? emptyGroup(key.period, key.exporter, key.importer);
    const exports = noTotals();
    const imports = noTotals();
    addTo(exports, 1, s.exports.certificates, s.exports.carats, s.exports.value, s.exports.parcels);
    addTo(
      exports,
      1,
      g.exports.certificates,
      amountToCents(g.exports.carats),
      amountToCents(g.exports.valueUsd),
      g.exports.parcels,
    );
    addTo(imports, 1, s.imports.certificates, s.imports.carats, s.imports.value, s.imports.parcels);
    addTo(
      imports,
      1,
      g.imports.certificates,
      amountToCents(g.imports.carats),
      amountToCents(g.imports.valueUsd),
      g.imports.parcels,
    );
    const merged = {
      ...g,
      exports: totalsOf(exports),
      imports: totalsOf(imports),
      matched: g.matched + s.matched,
    };
    if (merged.exports.certificates === 0 && merged.imports.certificates === 0 && !byKey.has(k))
      continue;
    byKey.set(k, merged);
  }
  // An open export past the cut-off that nothing else names is, by the domain's rule, an
  // overdue entry of its group and nothing more (its export is in the kept sums): listed here
  // directly rather than through the domain, for it is the bulk of the entries to list.
  const touched = new Set<ReconciliationGroup>();
  for (const o of open.rows) {
    if (namedByRefused.has(o.number)) continue;
    const g = byKey.get(groupKey(o));
    if (g === undefined) {
      throw new KpxError('KPX_STATISTICS_INCONSISTENT', {
        detail: `Open certificate ${o.number} has no route sums: the mirror entries are out of step`,
      });
    }
    g.overdue.push({
      number: o.number,
      issuedOn: o.issued_on,
      status: o.status as CertificateStatus,
      daysOpen: daysBetween(o.issued_on, today),
    });
    touched.add(g);
  }
  for (const g of touched) g.overdue.sort((a, b) => compare(a.number, b.number));
  const groups = [...byKey.values()].sort(
    (a, b) =>
      compare(a.period, b.period) ||
      compare(a.exporter, b.exporter) ||
      compare(a.importer, b.importer),
  );
  return { ...(period === undefined ? {} : { period: period.id }), today, overdueDays, groups };
}

function emptyGroup(period: string, exporter: string, importer: string): ReconciliationGroup {
  const zero: MirrorTotals = { certificates: 0, carats: '0.00', valueUsd: '0.00', parcels: 0 };
  return {
    period,
    exporter,
    importer,
    exports: { ...zero },
    imports: { ...zero },
    matched: 0,
    discrepancies: [],
    overdue: [],
    notMirrored: [],
    unknownConfirmations: [],
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
