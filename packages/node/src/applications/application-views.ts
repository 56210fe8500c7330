import { sumAmounts } from '@kpx/domain';
import { repositories } from '../storage/repositories.js';
import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import type { ApplicationDetail, ApplicationSummary } from './application-schemas.js';
import { openStatuses } from './application-states.js';
import type { ApplicationRecord } from './application-repository.js';
import { applicationRepository } from './application-repository.js';

/** Seconds since submission while an officer still has to act (the review queue's wait). */
export function waitingSeconds(record: ApplicationRecord, nowMs: number): number | null {
  if (!openStatuses.includes(record.status)) return null;
  return Math.max(0, Math.floor((nowMs - Date.parse(record.submittedAt)) / 1000));
}

/** The list row of an application. */
export function summaryOf(
  record: ApplicationRecord,
  company: { id: string; name: string },
  certificateStatus: string | null,
  nowMs: number,
): ApplicationSummary {
  return {
    id: record.id,
    company,
    status: record.status,
    exporter: record.draft.exporter.name,
    importingParticipant: record.draft.importingParticipant,
    carats: sumAmounts(record.draft.items.map((i) => i.carats)),
    valueUsd: sumAmounts(record.draft.items.map((i) => i.valueUsd)),
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
    waitingSeconds: waitingSeconds(record, nowMs),
    certificateNumber: record.certificateNumber,
    certificateStatus,
  };
}

/**
 * The full view of an application: documents (without bytes), timeline, and — once approved —
 * the certificate issued from it with its own timeline and the import confirmation with its
 * discrepancies, so the trader follows the shipment to the importing authority.
 */
export async function detailOf(
  db: Kysely<KpxDatabase>,
  ids: () => string,
  record: ApplicationRecord,
  company: { id: string; name: string },
  nowMs: number,
): Promise<ApplicationDetail> {
  const apps = applicationRepository(db, ids);
  const repos = repositories(db, ids);
  const held =
    record.certificateNumber === null
      ? undefined
      : await repos.certificates.find(record.certificateNumber);
  let certificate: ApplicationDetail['certificate'] = null;
  if (held !== undefined) {
    const confirmation = await repos.confirmations.find(held.number);
    certificate = {
      number: held.number,
      status: held.status,
      delivery: held.delivery,
      issuedOn: held.issuedOn,
      expiresOn: held.expiresOn,
      events: await repos.events.list(held.number),
      confirmation:
        confirmation === undefined
          ? null
          : {
              parcels: confirmation.confirmation.parcels,
              carats: confirmation.confirmation.carats,
              valueUsd: confirmation.confirmation.valueUsd,
              receivedOn: confirmation.confirmation.receivedOn,
              sealsIntact: confirmation.confirmation.sealsIntact,
              discrepancies: confirmation.discrepancies,
              confirmedAt: confirmation.confirmedAt,
            },
    };
  }
  return {
    ...summaryOf(record, company, held?.status ?? null, nowMs),
    draft: record.draft,
    attachments: await apps.attachments(record.id),
    submittedBy: record.submittedBy,
    decidedAt: record.decidedAt,
    decidedBy: record.decidedBy,
    reason: record.reason,
    seals: record.seals,
    check: record.check,
    events: await apps.events(record.id),
    certificate,
  };
}
