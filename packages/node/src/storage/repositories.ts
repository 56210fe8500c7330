import type { Kysely } from 'kysely';
import {
  certificateRepository,
  type CertificateRepository,
} from '../certificates/certificate-repository.js';
import {
  confirmationRepository,
  type ConfirmationRepository,
} from '../certificates/confirmation-repository.js';
import { eventRepository, type EventRepository } from '../certificates/event-repository.js';
import { inboxRepository, type InboxRepository } from '../exchange/inbox-repository.js';
import { receiptRepository, type ReceiptRepository } from '../exchange/receipt-repository.js';
import {
  idempotencyRepository,
  type IdempotencyRepository,
} from '../idempotency/idempotency-repository.js';
import { outboxRepository, type OutboxRepository } from '../outbox/outbox-repository.js';
import { trackStatistics } from '../statistics/track-statistics.js';
import { tokenRepository, type TokenRepository } from '../tokens/token-repository.js';
import { webhookRepository, type WebhookRepository } from '../webhooks/webhook-repository.js';
import type { KpxDatabase } from './database-schema.js';

/** Every repository, bound to one executor (a transaction, or the database for reads). */
export type Repositories = {
  readonly certificates: CertificateRepository;
  readonly events: EventRepository;
  readonly outbox: OutboxRepository;
  readonly inbox: InboxRepository;
  readonly receipts: ReceiptRepository;
  readonly confirmations: ConfirmationRepository;
  readonly idempotency: IdempotencyRepository;
  readonly tokens: TokenRepository;
  /** Traders' webhooks and their queued deliveries (docs/applications.md). */
  readonly webhooks: WebhookRepository;
};

/** Binds the repositories to `db`; cheap enough to call once per unit of work. */
export function repositories(db: Kysely<KpxDatabase>, nextId: () => string): Repositories {
  // Certificate state changes only through these two; statistics follow in the same transaction.
  const { certificates, confirmations } = trackStatistics(db, {
    certificates: certificateRepository(db),
    confirmations: confirmationRepository(db),
  });
  return {
    certificates,
    events: eventRepository(db, nextId),
    outbox: outboxRepository(db),
    inbox: inboxRepository(db),
    receipts: receiptRepository(db),
    confirmations,
    idempotency: idempotencyRepository(db),
    tokens: tokenRepository(db),
    webhooks: webhookRepository(db, nextId),
  };
}
