import { base64urlEncode, signEnvelope, utf8, type MessageType } from '@kpx/protocol';
import { sha256Node } from '@kpx/protocol/node';
import { sql, type OperationNodeSource } from 'kysely';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import type { Repositories } from '../storage/repositories.js';
import type { UnitOfWork } from '../storage/transactor.js';

/** A message to send to a partner authority. */
export type OutgoingMessage = {
  type: MessageType;
  to: string;
  /** The certificate the message is about (orders messages per certificate). */
  subject: string;
  body: unknown;
  /** Base URL to send to when `to` is not an authority of the trust list (the registry). */
  endpoint?: string;
};

/**
 * Signs the envelope ONCE and queues it, inside the caller's transaction: the outbox row exists
 * exactly when the change it announces does (transactional outbox), and every retry sends these
 * same bytes, so the receipt digest and the receiver's deduplication hold (ARCHITECTURE.md
 * flow 2). The dispatcher is woken after commit. Returns the message id, or `undefined` when
 * the partner has no endpoint in the trust list (paper partner: nothing to send).
 */
export async function enqueueMessage(
  ctx: NodeContext,
  uow: UnitOfWork,
  repos: Repositories,
  message: OutgoingMessage,
): Promise<string | undefined> {
  const prepared = await prepareMessage(ctx, uow, repos, message);
  if (prepared === undefined) return undefined;
  await sql`${prepared.write}`.execute(uow.db);
  return prepared.id;
}

/**
 * {@link enqueueMessage} without running the outbox insert: the caller must run `write` in the
 * same unit (issuing passes it to `recordChange`, which sends it with the timeline event).
 */
export async function prepareMessage(
  ctx: NodeContext,
  uow: UnitOfWork,
  repos: Repositories,
  message: OutgoingMessage,
): Promise<{ id: string; write: OperationNodeSource } | undefined> {
  const endpoint = ctx.trust.current().endpointOf(message.to) ?? message.endpoint;
  if (endpoint === undefined) return undefined;
  const now = isoAt(ctx.clock.now());
  const id = ctx.ids();
  const envelope = await signEnvelope(
    {
      id,
      type: message.type,
      from: ctx.authority,
      to: message.to,
      createdAt: now,
      body: message.body,
    },
    ctx.signer,
  );
  const write = repos.outbox.insertWrite({
    id,
    type: message.type,
    toAuthority: message.to,
    endpoint,
    subject: message.subject,
    envelope,
    // The same digest the receiver computes over the bytes it gets (protocol `envelopeDigest`).
    digest: base64urlEncode(sha256Node(utf8(envelope))),
    nextAttemptAt: now,
    createdAt: now,
  });
  uow.afterCommit(ctx.wakeDispatcher);
  return { id, write };
}
