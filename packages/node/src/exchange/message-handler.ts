import type { KpxCode } from '@kpx/domain';
import type { Envelope } from '@kpx/protocol';
import type { NodeContext } from '../node-context.js';
import type { Repositories } from '../storage/repositories.js';
import type { UnitOfWork } from '../storage/transactor.js';

/** What the receipt will say about an authenticated message. */
export type Decision =
  { result: 'accepted' } | { result: 'rejected'; code: KpxCode; detail: string };

/** A rejection decided before any write. */
export type Rejection = Extract<Decision, { result: 'rejected' }>;

/**
 * A message checked outside the transaction (signatures, schemas: the slow part), with the
 * certificate it is about and the writes to make inside the transaction. `apply` must decide a
 * rejection before writing anything: its writes commit together with the receipt.
 */
export type PreparedMessage =
  | { subject: string | null; rejection: Rejection }
  | { subject: string; apply(uow: UnitOfWork, repos: Repositories, at: string): Promise<Decision> };

/** Handles one message type: verifies the body and returns what to do. */
export type MessageHandler = (
  ctx: NodeContext,
  envelope: Envelope,
  envelopeJws: string,
) => Promise<PreparedMessage>;

export const accepted: Decision = Object.freeze({ result: 'accepted' });

export function reject(code: KpxCode, detail: string): Rejection {
  return { result: 'rejected', code, detail };
}

/** The actor string of a partner authority in timelines and the audit log. */
export function partnerActor(authority: string): string {
  return `partner:${authority}`;
}
