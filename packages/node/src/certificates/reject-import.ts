import { KpxError, nextStatus, rejectionInputSchema } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { parseWith } from '../validation/parse-with.js';
import { recordChange } from './record-change.js';
import { requireCertificate } from './require-certificate.js';

/** Request to reject a shipment at import (`POST /api/v1/certificates/{number}/rejection`). */
export type RejectRequest = { number: string; body: unknown; actor: string };

/** The answer: the certificate is `rejected`. */
export type RejectedImport = { number: string; status: 'rejected'; messageId?: string };

/**
 * Rejects a received certificate at import (damaged container, mismatching content) and queues
 * the signed `import.rejected` message to the issuer, in one transaction.
 */
export function rejectImport(ctx: NodeContext, request: RejectRequest): Promise<RejectedImport> {
  const { reason } = parseWith(rejectionInputSchema, request.body);
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const record = await requireCertificate(repos, request.number, 'incoming');
    const transition = nextStatus(record.status, 'reject');
    if (!transition.ok) {
      throw new KpxError(transition.code, {
        detail: `${record.number} is ${record.status} and cannot be rejected`,
      });
    }
    await repos.certificates.updateStatus(record.number, {
      status: 'rejected',
      expectedVersion: record.version,
      at: now,
    });
    const messageId =
      record.delivery === 'electronic'
        ? await enqueueMessage(ctx, uow, repos, {
            type: 'import.rejected',
            to: record.issuingAuthority,
            subject: record.number,
            body: { number: record.number, reason },
          })
        : undefined;
    await recordChange(uow, repos, {
      number: record.number,
      at: now,
      actor: request.actor,
      event: 'rejected',
      action: 'certificate.reject',
      data: { reason, ...(messageId === undefined ? {} : { messageId }) },
    });
    return {
      number: record.number,
      status: 'rejected' as const,
      ...(messageId === undefined ? {} : { messageId }),
    };
  });
}
