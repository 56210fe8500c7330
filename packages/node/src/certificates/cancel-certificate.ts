import { KpxError, cancellationInputSchema, nextStatus } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { parseWith } from '../validation/parse-with.js';
import { recordChange } from './record-change.js';
import { requireCertificate } from './require-certificate.js';

/** Request to cancel (`POST /api/v1/certificates/{number}/cancellation`). */
export type CancelRequest = { number: string; body: unknown; actor: string };

/** The answer: the certificate is `cancelled`. */
export type CancelledCertificate = { number: string; status: 'cancelled'; messageId?: string };

/**
 * Cancels a certificate this authority issued — only the issuer, only before the import is
 * confirmed (the lifecycle refuses it afterwards) — and tells the importer
 * (`certificate.cancelled`). The message is queued behind any undelivered message about the
 * same certificate, so it never overtakes the certificate itself.
 */
export function cancelCertificate(
  ctx: NodeContext,
  request: CancelRequest,
): Promise<CancelledCertificate> {
  const { reason } = parseWith(cancellationInputSchema, request.body);
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const record = await requireCertificate(repos, request.number, 'outgoing');
    const transition = nextStatus(record.status, 'cancel');
    if (!transition.ok) {
      throw new KpxError(transition.code, {
        detail: `${record.number} is ${record.status} and cannot be cancelled`,
      });
    }
    await repos.certificates.updateStatus(record.number, {
      status: 'cancelled',
      expectedVersion: record.version,
      at: now,
    });
    const messageId =
      record.delivery === 'electronic' && record.partnerAuthority !== null
        ? await enqueueMessage(ctx, uow, repos, {
            type: 'certificate.cancelled',
            to: record.partnerAuthority,
            subject: record.number,
            body: { number: record.number, reason },
          })
        : undefined;
    await recordChange(uow, repos, {
      number: record.number,
      at: now,
      actor: request.actor,
      event: 'cancelled',
      action: 'certificate.cancel',
      data: { reason, ...(messageId === undefined ? {} : { messageId }) },
    });
    return {
      number: record.number,
      status: 'cancelled' as const,
      ...(messageId === undefined ? {} : { messageId }),
    };
  });
}
