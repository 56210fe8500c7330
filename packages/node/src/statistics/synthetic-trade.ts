import {
  addDays,
  centsToAmount,
  defaultDirectory,
  hsCodeValues,
  quarterOf,
  type Certificate,
  type CertificateStatus,
  type Confirmation,
  type LineItem,
} from '@kpx/domain';
import type { CertificateRecord } from '../certificates/certificate-record.js';
import type { ConfirmationRecord } from '../certificates/confirmation-repository.js';
import type { NodeContext } from '../node-context.js';
import { repositories, type Repositories } from '../storage/repositories.js';
import { ownParticipant } from './get-statistics.js';
import { seededRandom } from '../runtime/seeded-random.js';
import { storeHeldCertificates, type HeldCertificate } from './store-held-certificates.js';

/** Options of {@link loadSyntheticTrade}. */
export type SyntheticTradeOptions = {
  /** How many certificates to store. */
  count: number;
  /** First date of issue (default `2025-01-01`); dates spread evenly over `days`. */
  start?: string;
  /** Days the dates of issue spread over (default 730: eight quarters). */
  days?: number;
  /** Certificates per transaction (default 1000). */
  batch?: number;
  /**
   * Transactions in flight at once (default 1), each on its own connection. Each lane holds the
   * certificates of its own trading partners, and every statistics row (aggregate cell, route
   * sums, mirror entry) is keyed by the partner, so no two lanes ever write the same row: the
   * stored state is the same as with one lane. Worth it on PostgreSQL, where each statement is
   * a round trip; SQLite writes one transaction at a time anyway.
   */
  lanes?: number;
  /**
   * How each transaction writes its certificates: `repositories` (default), change by change
   * through the repositories as the use cases do; `bulk`, each certificate in its final state
   * with a few multi-row statements ({@link storeHeldCertificates}: the same rows, the same
   * statistics, far fewer round trips — for loading a million on PostgreSQL).
   */
  write?: 'repositories' | 'bulk';
  seed?: number;
  /** Called after every transaction with the number stored so far. */
  progress?: (stored: number) => void;
};

const partners = ['EU', 'IN', 'AE', 'BY', 'CN', 'US', 'IL', 'CH', 'AM', 'ZA', 'BW', 'AO'];

const signedPlaceholder =
  'eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.e30.c3ludGhldGljLWJlbmNobWFyay1yZWNvcmQ';

/**
 * TEST / BENCHMARK ONLY: stores `count` synthetic certificates through the storage port — the
 * certificate and confirmation repositories the use cases write through, in batched
 * transactions, so the statistics are maintained exactly as when officers work (signing, the
 * outbox and the audit log, measured elsewhere, are left out). The trade is deterministic and
 * roughly what a busy authority sees: 70 % exports to twelve partners, 30 % imports; one to
 * three HS lines; 85–90 % confirmed (3 % of those with a figure that differs), a few cancelled,
 * superseded, rejected, and the last weeks still open. Dates of issue spread evenly from
 * `start` over `days`; confirmations 3–20 days later. With `write: 'bulk'` the same trade is
 * stored in its final state instead, with the rows and statistics the repositories would leave.
 */
export async function loadSyntheticTrade(
  ctx: NodeContext,
  options: SyntheticTradeOptions,
): Promise<{ stored: number; end: string }> {
  const own = ownParticipant(ctx);
  const start = options.start ?? '2025-01-01';
  const days = options.days ?? 730;
  const batch = options.batch ?? 1000;
  const next = seededRandom(options.seed ?? 20260302);
  const end = addDays(start, days - 1);
  const serials = new Map<string, number>();
  let stored = 0;

  const authorityOf = (participant: string) =>
    defaultDirectory.defaultImportingAuthority(participant)?.id ?? `${participant}-KPA`;

  // Drawn in certificate order, whatever the lanes, so the trade is the same with any number.
  const planOne = (i: number): SyntheticCertificate => {
    const issuedOn = addDays(start, Math.floor((i * days) / options.count));
    const partner = partners[Math.floor(next() * partners.length)]!;
    const outgoing = next() < 0.7;
    const exporting = outgoing ? own : partner;
    const importing = outgoing ? partner : own;
    const lines = 1 + Math.floor(next() * 3);
    const first = Math.floor(next() * 3);
    const items: LineItem[] = [];
    for (let l = 0; l < lines && first + l < 3; l += 1) {
      const carats = BigInt(100 + Math.floor(next() * 500_000_00));
      const perCarat = BigInt(1 + Math.floor(next() * 400));
      items.push({
        hs: hsCodeValues[first + l]!,
        carats: centsToAmount(carats),
        valueUsd: centsToAmount(carats * perCarat),
      });
    }
    const carats = items.reduce((s, x) => s + BigInt(x.carats.replace('.', '')), 0n);
    const value = items.reduce((s, x) => s + BigInt(x.valueUsd.replace('.', '')), 0n);
    const year = issuedOn.slice(0, 4);
    const key = `${exporting}-${year}`;
    const serial = (serials.get(key) ?? 0) + 1;
    serials.set(key, serial);
    const number = outgoing
      ? `${own}-${year}-${String(serial).padStart(7, '0')}`
      : `${partner}-X-${year}-${String(serial).padStart(7, '0')}`;
    const parcels = 1 + Math.floor(next() * 12);
    const certificate: Certificate = {
      number,
      issuingAuthority: outgoing ? ctx.authority : authorityOf(partner),
      exportingParticipant: exporting,
      importingParticipant: importing,
      importingAuthority: outgoing ? authorityOf(partner) : ctx.authority,
      exporter: { name: `Exporter ${i % 97}`, address: `Street ${i % 13}` },
      importer: { name: `Importer ${i % 89}`, address: `Avenue ${i % 11}` },
      origin: next() < 0.2 ? 'MIXED' : exporting === 'EU' ? 'MIXED' : exporting,
      items,
      totals: { carats: centsToAmount(carats), valueUsd: centsToAmount(value) },
      parcels,
      issuedOn,
      expiresOn: addDays(issuedOn, 60),
      transit: [],
      seals: [],
    };
    const recent = issuedOn > addDays(end, -21);
    const roll = next();
    const record: CertificateRecord = {
      number,
      direction: outgoing ? 'outgoing' : 'incoming',
      // Outgoing: issued, and its receipt came back; incoming: received.
      status: 'delivered',
      delivery: 'electronic',
      issuingAuthority: certificate.issuingAuthority,
      partnerParticipant: partner,
      partnerAuthority: authorityOf(partner),
      signed: signedPlaceholder,
      certificate,
      issuedOn,
      expiresOn: certificate.expiresOn,
      replaces: null,
      replacedBy: null,
      createdAt: `${issuedOn}T09:00:00.000Z`,
      updatedAt: `${issuedOn}T09:00:00.000Z`,
      version: 1,
    };
    const plan: SyntheticCertificate = { partner, record, moves: [], confirmation: undefined };
    if (recent && roll < 0.5) return plan; // still on its way
    if (roll < 0.03) return { ...plan, moves: ['cancelled'] };
    if (outgoing && roll < 0.05) return { ...plan, moves: ['superseded'] };
    if (roll < 0.07) return { ...plan, moves: ['rejected'] };
    // Some expired ones are confirmed late: received before expiry, recorded after (D16).
    if (roll < 0.095) return { ...plan, moves: ['expired'] };
    const moves: CertificateStatus[] = roll < 0.1 ? ['expired', 'confirmed'] : ['confirmed'];
    const differs = next() < 0.03;
    const confirmation: Confirmation = {
      parcels: differs && next() < 0.5 ? parcels + 1 : parcels,
      carats: differs ? centsToAmount(carats - 1n) : certificate.totals.carats,
      valueUsd: certificate.totals.valueUsd,
      receivedOn: addDays(issuedOn, 3 + Math.floor(next() * 18)),
      sealsIntact: true,
    };
    return {
      ...plan,
      moves,
      confirmation: {
        certificateNumber: number,
        confirmation,
        discrepancies: [],
        confirmedAt: `${confirmation.receivedOn}T12:00:00.000Z`,
        confirmedBy: outgoing ? authorityOf(partner) : ctx.authority,
        messageId: null,
      },
    };
  };

  const lanes = Math.max(1, options.lanes ?? 1);
  const laneOf = (partner: string) => partners.indexOf(partner) % lanes;
  const bulk = options.write === 'bulk';
  const writeBatch = (plans: readonly SyntheticCertificate[]) =>
    ctx.storage.transactor.transact(async (uow) => {
      if (bulk) return storeHeldCertificates(uow.db, plans.map(finalStateOf));
      const repos = repositories(uow.db, ctx.ids);
      for (const plan of plans) await writePlan(repos, plan);
    });
  // One round: `batch` certificates per lane, drawn in order and dealt to the lanes by partner.
  for (let from = 0; from < options.count; from += batch * lanes) {
    const to = Math.min(options.count, from + batch * lanes);
    const dealt: SyntheticCertificate[][] = Array.from({ length: lanes }, () => []);
    for (let i = from; i < to; i += 1) {
      const plan = planOne(i);
      dealt[laneOf(plan.partner)]!.push(plan);
    }
    await Promise.all(dealt.filter((plans) => plans.length > 0).map(writeBatch));
    stored = to;
    options.progress?.(stored);
  }
  return { stored, end };
}

/** One synthetic certificate: as received or issued, its later statuses, its confirmation. */
type SyntheticCertificate = {
  partner: string;
  record: CertificateRecord;
  moves: CertificateStatus[];
  confirmation: ConfirmationRecord | undefined;
};

/** When a synthetic certificate's status moves (all of its moves: the same day, an hour on). */
const movedAt = (record: CertificateRecord) => `${record.issuedOn}T10:00:00.000Z`;

/** A synthetic certificate as it stands after its changes (what the repositories leave). */
function finalStateOf(plan: SyntheticCertificate): HeldCertificate {
  const { record, moves } = plan;
  const status = moves[moves.length - 1];
  return {
    record:
      status === undefined
        ? record
        : {
            ...record,
            status,
            version: record.version + moves.length,
            updatedAt: movedAt(record),
          },
    confirmation: plan.confirmation,
  };
}

/** Writes one certificate through the repositories, change by change, as the use cases do. */
async function writePlan(repos: Repositories, plan: SyntheticCertificate): Promise<void> {
  const { record } = plan;
  await repos.certificates.insert(record);
  let version = record.version;
  for (const to of plan.moves) {
    await repos.certificates.updateStatus(record.number, {
      status: to,
      expectedVersion: version,
      at: movedAt(record),
    });
    version += 1;
  }
  if (plan.confirmation !== undefined) await repos.confirmations.insert(plan.confirmation);
}

/** Every quarter from `start` to `end` (dates), in order. */
export function quartersBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) {
    const q = quarterOf(date);
    if (out[out.length - 1] !== q) out.push(q);
  }
  return out;
}
