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
import type { NodeContext } from '../node-context.js';
import { repositories, type Repositories } from '../storage/repositories.js';
import { ownParticipant } from './get-statistics.js';
import { seededRandom } from '../runtime/seeded-random.js';

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
 * `start` over `days`; confirmations 3–20 days later.
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

  const writeOne = async (repos: Repositories, i: number): Promise<void> => {
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
    await repos.certificates.insert(record);
    let version = 1;
    const move = async (to: CertificateStatus) => {
      await repos.certificates.updateStatus(number, {
        status: to,
        expectedVersion: version,
        at: `${issuedOn}T10:00:00.000Z`,
      });
      version += 1;
    };
    if (recent && roll < 0.5) return; // still on its way
    if (roll < 0.03) return move('cancelled');
    if (outgoing && roll < 0.05) return move('superseded');
    if (roll < 0.07) return move('rejected');
    if (roll < 0.1) {
      await move('expired');
      // Some expired ones are confirmed late: received before expiry, recorded after (D16).
      if (roll < 0.095) return;
    }
    const differs = next() < 0.03;
    const confirmation: Confirmation = {
      parcels: differs && next() < 0.5 ? parcels + 1 : parcels,
      carats: differs ? centsToAmount(carats - 1n) : certificate.totals.carats,
      valueUsd: certificate.totals.valueUsd,
      receivedOn: addDays(issuedOn, 3 + Math.floor(next() * 18)),
      sealsIntact: true,
    };
    await move('confirmed');
    await repos.confirmations.insert({
      certificateNumber: number,
      confirmation,
      discrepancies: [],
      confirmedAt: `${confirmation.receivedOn}T12:00:00.000Z`,
      confirmedBy: outgoing ? authorityOf(partner) : ctx.authority,
      messageId: null,
    });
  };

  for (let from = 0; from < options.count; from += batch) {
    const to = Math.min(options.count, from + batch);
    await ctx.storage.transactor.transact(async (uow) => {
      const repos = repositories(uow.db, ctx.ids);
      for (let i = from; i < to; i += 1) await writeOne(repos, i);
    });
    stored = to;
    options.progress?.(stored);
  }
  return { stored, end };
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
