import { KpxError, type KpxCode } from '@kpx/domain';
import {
  base64urlEncode,
  decodeJwsPayload,
  signReceipt,
  utf8,
  verifyEnvelope,
  type Envelope,
} from '@kpx/protocol';
import { sha256Node } from '@kpx/protocol/node';
import type { OperationNodeSource } from 'kysely';
import { appendAuditAfter } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { messageHandlers } from './handlers/handler-for.js';
import { partnerActor, type Decision, type PreparedMessage } from './message-handler.js';

/** The signed receipt to answer with (`200`, `application/jose`). */
export type ReceiveOutcome = { receipt: string; duplicate: boolean };

function messageIdOf(jws: string): string | undefined {
  const payload = decodeJwsPayload(jws);
  if (typeof payload !== 'object' || payload === null) return undefined;
  const id = (payload as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Receives one envelope (ARCHITECTURE.md flow 3, `POST /exchange/v1/messages`):
 *
 * 1. The exact bytes are hashed (the receipt's `digest`). A message id already received with the
 *    same digest gets the first receipt again — no second row, no second effect.
 * 2. The envelope is authenticated: signature by a key of `from` valid at `createdAt`, addressed
 *    to this authority, `createdAt` within the skew and age window (the age window is the
 *    deduplication window, at least the longest certificate validity). Failure here is a 4xx
 *    problem (`KpxError`), never a receipt: we sign nothing for what we cannot attribute.
 * 3. An authenticated id seen with other bytes is `KPX_REPLAY_CONFLICT`.
 * 4. The body is checked per type outside the transaction; the effects, the inbox row (exact
 *    bytes) and the signed receipt are then written in ONE transaction, so a receipt exists
 *    exactly when what it acknowledges does. Content that is finally bad gets a signed
 *    `rejected` receipt with its code (the sender dead-letters it instead of retrying).
 */
export async function receiveMessage(
  ctx: NodeContext,
  envelopeJws: string,
): Promise<ReceiveOutcome> {
  // Past nextUpdate + grace nothing is accepted: 503, and the sender tries again later.
  ctx.trust.assertFresh('accept a message');
  const digest = base64urlEncode(sha256Node(utf8(envelopeJws)));
  const claimedId = messageIdOf(envelopeJws);
  const reads = repositories(ctx.storage.db, ctx.ids);
  const seen = claimedId === undefined ? undefined : await reads.inbox.find(claimedId);
  if (seen !== undefined && seen.digest === digest)
    return { receipt: seen.receipt, duplicate: true };

  const trust = ctx.trust.current();
  const outcome = await verifyEnvelope(envelopeJws, {
    keys: trust.keys,
    verifier: ctx.verifier,
    now: new Date(ctx.clock.now()),
    expectedTo: ctx.authority,
    maxSkewMs: ctx.config.exchange.maxSkewMs,
    maxAgeMs: ctx.config.exchange.maxAgeMs,
  });
  const envelope = outcome.value;
  if (!outcome.valid || envelope === undefined) {
    const failed = outcome.checks.find((c) => !c.ok);
    const code: KpxCode = failed?.code ?? 'KPX_JWS_MALFORMED';
    throw new KpxError(code, {
      detail: `envelope ${failed?.check ?? 'format'}: ${failed?.message ?? 'invalid'}`,
    });
  }
  if (seen !== undefined) throw replayConflict(envelope);

  const prepared = await messageHandlers[envelope.type](ctx, envelope, envelopeJws);
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    // A concurrent delivery of the same message may have committed since the first look.
    const again = await repos.inbox.find(envelope.id);
    if (again !== undefined) {
      if (again.digest === digest) return { receipt: again.receipt, duplicate: true };
      throw replayConflict(envelope);
    }
    const at = isoAt(ctx.clock.now());
    // The handler's audit entries (a received certificate's) are written with the message's,
    // which carries the inbox row and the receipt (on PostgreSQL all in one statement).
    const { decision, receipt } = await appendAuditAfter(
      uow.db,
      async () => {
        const decision: Decision =
          'rejection' in prepared ? prepared.rejection : await prepared.apply(uow, repos, at);
        const receipt = await signReceipt(
          {
            messageId: envelope.id,
            digest,
            receivedAt: at,
            result: decision.result,
            ...(decision.result === 'rejected' ? { code: decision.code } : {}),
          },
          ctx.signer,
        );
        return { decision, receipt };
      },
      ({ decision, receipt }) => {
        const code = decision.result === 'rejected' ? decision.code : null;
        const inbox = repos.inbox.insertWrite({
          messageId: envelope.id,
          digest,
          envelope: envelopeJws,
          type: envelope.type,
          fromAuthority: envelope.from,
          subject: prepared.subject,
          result: decision.result,
          code,
          receipt,
          receivedAt: at,
        });
        const issued = issuedReceiptWrite(repos, prepared, envelope, {
          at,
          decision,
          receipt,
          code,
        });
        return {
          record: {
            at,
            actor: partnerActor(envelope.from),
            action: 'message.receive',
            subject: envelope.id,
            data: {
              type: envelope.type,
              from: envelope.from,
              result: decision.result,
              ...(decision.result === 'rejected'
                ? { code: decision.code, detail: decision.detail }
                : {}),
              ...(prepared.subject === null ? {} : { certificate: prepared.subject }),
            },
          },
          alongside: issued === undefined ? [inbox] : [inbox, issued],
        };
      },
    );
    if (decision.result === 'rejected') {
      ctx.logger.warn(
        { messageId: envelope.id, type: envelope.type, from: envelope.from, code: decision.code },
        'message rejected',
      );
    }
    return { receipt, duplicate: false };
  });
}

function replayConflict(envelope: Envelope): KpxError {
  return new KpxError('KPX_REPLAY_CONFLICT', {
    detail: `message ${envelope.id} was already received with other content`,
  });
}

function issuedReceiptWrite(
  repos: ReturnType<typeof repositories>,
  prepared: PreparedMessage,
  envelope: Envelope,
  r: { at: string; decision: Decision; receipt: string; code: KpxCode | null },
): OperationNodeSource | undefined {
  if (prepared.subject === null) return undefined;
  return repos.receipts.insertWrite({
    messageId: envelope.id,
    certificateNumber: prepared.subject,
    messageType: envelope.type,
    role: 'issued',
    signerAuthority: envelope.to,
    result: r.decision.result,
    code: r.code,
    receivedAt: r.at,
    jws: r.receipt,
  });
}
