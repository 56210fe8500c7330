import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import type { WebhookRepository } from './webhook-repository.js';

/**
 * The JSON body of a webhook event (docs/applications.md): `type` is `application.<status>`
 * (submitted, under_review, changes_requested, refused, approved) or `certificate.<event>`
 * (issued, delivered, confirmed, rejected, cancelled, expired, superseded, …) for a certificate
 * issued from one of the company's applications.
 */
export type WebhookEvent = {
  id: string;
  type: string;
  at: string;
  application: { id: string; status: string; certificateNumber: string | null };
  certificate?: { number: string; event: string };
  data?: unknown;
};

async function enqueue(
  webhooks: WebhookRepository,
  companyId: string,
  event: Omit<WebhookEvent, 'id'>,
): Promise<void> {
  const id = webhooks.newId();
  const full: WebhookEvent = { id, ...event };
  // Serialised once: the bytes signed and sent on every retry.
  await webhooks.enqueue(companyId, {
    id,
    type: full.type,
    body: JSON.stringify(full),
    at: event.at,
  });
}

/** Queues `application.<status>` to the company's webhooks, in the caller's transaction. */
export async function enqueueApplicationEvent(
  webhooks: WebhookRepository,
  application: { id: string; companyId: string; status: string; certificateNumber: string | null },
  at: string,
  data?: unknown,
): Promise<void> {
  await enqueue(webhooks, application.companyId, {
    type: `application.${application.status}`,
    at,
    application: {
      id: application.id,
      status: application.status,
      certificateNumber: application.certificateNumber,
    },
    ...(data === undefined ? {} : { data }),
  });
}

const timelineStarts: ReadonlySet<string> = new Set(['issued', 'received', 'recorded-from-paper']);

/**
 * Queues `certificate.<event>` when the certificate was issued from an application (one indexed
 * look-up; nothing for any other certificate), in the transaction of the change itself — so the
 * trader hears of exactly the changes that happened.
 */
export async function enqueueCertificateEvent(
  db: Kysely<KpxDatabase>,
  webhooks: WebhookRepository,
  change: { number: string; event: string; at: string; data?: unknown },
): Promise<void> {
  // These events start a certificate's timeline (an issue — the application is tied to the
  // number only after it —, or one received from a partner): no application to tell yet, so
  // the hot path pays no look-up.
  if (timelineStarts.has(change.event)) return;
  const application = await db
    .selectFrom('applications')
    .select(['id', 'company_id', 'status', 'certificate_number'])
    .where('certificate_number', '=', change.number)
    .executeTakeFirst();
  if (application === undefined) return;
  await enqueue(webhooks, application.company_id, {
    type: `certificate.${change.event}`,
    at: change.at,
    application: {
      id: application.id,
      status: application.status,
      certificateNumber: application.certificate_number,
    },
    certificate: { number: change.number, event: change.event },
    ...(change.data === undefined ? {} : { data: change.data }),
  });
}
