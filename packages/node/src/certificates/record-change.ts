import type { OperationNodeSource } from 'kysely';
import { appendAudit } from '../audit/append-audit.js';
import type { Repositories } from '../storage/repositories.js';
import type { UnitOfWork } from '../storage/transactor.js';
import { enqueueCertificateEvent } from '../webhooks/webhook-events.js';

/** A change to a certificate as the timeline and the audit log record it. */
export type Change = {
  number: string;
  at: string;
  actor: string;
  /** Timeline event type, e.g. `confirmed`. */
  event: string;
  /** Audit action, e.g. `certificate.confirm`. */
  action: string;
  data?: unknown;
};

/** Appends the timeline event and the audit entry of a change, in the unit's transaction. */
export async function recordChange(
  uow: UnitOfWork,
  repos: Repositories,
  change: Change,
  /** Other inserts of the same change (e.g. its outbox row), written with the timeline event. */
  alongside: readonly OperationNodeSource[] = [],
): Promise<void> {
  const event = repos.events.appendWrite(change.number, {
    at: change.at,
    type: change.event,
    actor: change.actor,
    ...(change.data === undefined ? {} : { data: change.data }),
  });
  // A certificate issued from a trader's application: its webhooks hear of the change. Before
  // the audit entry, whose lock (PostgreSQL) every unit of the node waits for: its look-up is
  // not made while holding it.
  await enqueueCertificateEvent(uow.db, repos.webhooks, {
    number: change.number,
    event: change.event,
    at: change.at,
    ...(change.data === undefined ? {} : { data: change.data }),
  });
  await appendAudit(
    uow.db,
    {
      at: change.at,
      actor: change.actor,
      action: change.action,
      subject: change.number,
      ...(change.data === undefined ? {} : { data: change.data }),
    },
    { alongside: [...alongside, event] },
  );
}
