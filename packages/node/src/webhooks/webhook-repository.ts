import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** A trader's webhook as stored (the secret only leaves the node once, at registration). */
export type WebhookRecord = {
  id: string;
  companyId: string;
  url: string;
  secret: string;
  createdBy: string;
  createdAt: string;
};

/** A delivery claimed by a pass, with what it needs to send. */
export type DueDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  createdAt: string;
  url: string;
  secret: string;
};

/** A delivery as its webhook's owner sees it (never the secret). */
export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  state: string;
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

/** Storage port of webhooks and their deliveries. */
export interface WebhookRepository {
  /** A new time-ordered id (for an event). */
  newId(): string;
  insert(record: WebhookRecord): Promise<void>;
  /** The company's webhooks that are not deleted, oldest first. */
  active(companyId: string): Promise<WebhookRecord[]>;
  delete(id: string, at: string): Promise<void>;
  /** A webhook's latest deliveries, newest first. */
  deliveries(webhookId: string, limit: number): Promise<DeliveryView[]>;
  /** Queues one event to every active webhook of the company; returns how many. */
  enqueue(
    companyId: string,
    event: { id: string; type: string; body: string; at: string },
  ): Promise<number>;
  /** Claims due pending deliveries for `leaseMs` (a crashed worker's claims lapse). */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<DueDelivery[]>;
  settle(
    id: string,
    outcome:
      | { state: 'delivered'; status: number; at: string }
      | { state: 'pending' | 'dead'; status: number | null; error: string; nextAttemptAt: string },
  ): Promise<void>;
}

/** The Kysely adapter of {@link WebhookRepository}; `nextId` gives time-ordered ids. */
export function webhookRepository(
  db: Kysely<KpxDatabase>,
  nextId: () => string,
): WebhookRepository {
  return Object.freeze<WebhookRepository>({
    newId: nextId,
    async insert(r) {
      await db
        .insertInto('webhooks')
        .values({
          id: r.id,
          company_id: r.companyId,
          url: r.url,
          secret: r.secret,
          created_by: r.createdBy,
          created_at: r.createdAt,
          deleted_at: null,
        })
        .execute();
    },
    async active(companyId) {
      const rows = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        companyId: r.company_id,
        url: r.url,
        secret: r.secret,
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
    },
    async delete(id, at) {
      await db.updateTable('webhooks').set({ deleted_at: at }).where('id', '=', id).execute();
      // What was queued for it is not sent any more.
      await db
        .updateTable('webhook_deliveries')
        .set({ state: 'dead', last_error: 'webhook deleted' })
        .where('webhook_id', '=', id)
        .where('state', '=', 'pending')
        .execute();
    },
    async deliveries(webhookId, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        eventId: r.event_id,
        eventType: r.event_type,
        state: r.state,
        attempts: Number(r.attempts),
        nextAttemptAt: r.next_attempt_at,
        lastStatus: r.last_status === null ? null : Number(r.last_status),
        lastError: r.last_error,
        createdAt: r.created_at,
        deliveredAt: r.delivered_at,
      }));
    },
    async enqueue(companyId, event) {
      const hooks = await db
        .selectFrom('webhooks')
        .select('id')
        .where('company_id', '=', companyId)
        .where('deleted_at', 'is', null)
        .execute();
      for (const hook of hooks) {
        await db
          .insertInto('webhook_deliveries')
          .values({
            id: nextId(),
            webhook_id: hook.id,
            event_id: event.id,
            event_type: event.type,
            body: event.body,
            state: 'pending',
            attempts: 0,
            next_attempt_at: event.at,
            lease_until: null,
            last_status: null,
            last_error: null,
            created_at: event.at,
            delivered_at: null,
          })
          .execute();
      }
      return hooks.length;
    },
    async claimDue(now, leaseUntil, limit) {
      const due = await db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
        .select([
          'webhook_deliveries.id as id',
          'webhook_deliveries.event_id as eventId',
          'webhook_deliveries.event_type as eventType',
          'webhook_deliveries.body as body',
          'webhook_deliveries.attempts as attempts',
          'webhook_deliveries.created_at as createdAt',
          'webhooks.url as url',
          'webhooks.secret as secret',
        ])
        .where('webhook_deliveries.state', '=', 'pending')
        .where('webhook_deliveries.next_attempt_at', '<=', now)
        .where((eb) =>
          eb.or([
            eb('webhook_deliveries.lease_until', 'is', null),
            eb('webhook_deliveries.lease_until', '<=', now),
          ]),
        )
        .orderBy('webhook_deliveries.next_attempt_at')
        .orderBy('webhook_deliveries.id')
        .limit(limit)
        .execute();
      const claimed: DueDelivery[] = [];
      for (const d of due) {
        // Conditional update: of two workers (PostgreSQL, several processes) only one wins.
        const result = await db
          .updateTable('webhook_deliveries')
          .set({ lease_until: leaseUntil })
          .where('id', '=', d.id)
          .where('state', '=', 'pending')
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1)
          claimed.push({ ...d, attempts: Number(d.attempts) });
      }
      return claimed;
    },
    async settle(id, outcome) {
      await db
        .updateTable('webhook_deliveries')
        .set((eb) =>
          outcome.state === 'delivered'
            ? {
                state: 'delivered',
                attempts: eb('attempts', '+', 1),
                last_status: outcome.status,
                last_error: null,
                delivered_at: outcome.at,
                lease_until: null,
              }
            : {
                state: outcome.state,
                attempts: eb('attempts', '+', 1),
                last_status: outcome.status,
                last_error: outcome.error.slice(0, 500),
                next_attempt_at: outcome.nextAttemptAt,
                lease_until: null,
              },
        )
        .where('id', '=', id)
        .execute();
    },
  });
}
