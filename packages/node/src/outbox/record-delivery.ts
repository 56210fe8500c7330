import { nextStatus, type KpxCode } from '@kpx/domain';
import type { Receipt } from '@kpx/protocol';
import { recordChange } from '../certificates/record-change.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import type { OutboxEntry } from './outbox-repository.js';

/** What one attempt came to. */
export type AttemptResult =
  | { kind: 'receipt'; receipt: Receipt; jws: string }
  | { kind: 'failed'; error: string; retryAt: string; overdue: boolean }
  | { kind: 'expired' };

/**
 * Writes the outcome of a delivery attempt made under `worker`'s claim, in one transaction. An
 * accepted receipt marks the entry delivered, stores the receipt, and for `certificate.issued`
 * moves the certificate to `delivered` (unless it already moved on: the importer may confirm
 * before the receipt is processed). A signed rejection, or the certificate's expiry, ends the
 * entry as a dead letter. A failure schedules the next attempt. Returns false when the claim
 * had expired and another worker took the entry (its outcome wins; nothing is written).
 */
export function recordDelivery(
  ctx: NodeContext,
  entry: OutboxEntry,
  worker: string,
  result: AttemptResult,
): Promise<boolean> {
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const attempts = entry.attempts + (result.kind === 'expired' ? 0 : 1);
    const base = { attempts, lastAttemptAt: now, overdue: entry.overdue };
    const change = (() => {
      switch (result.kind) {
        case 'receipt':
          return result.receipt.result === 'accepted'
            ? {
                ...base,
                state: 'delivered' as const,
                nextAttemptAt: entry.nextAttemptAt,
                lastError: null,
                deliveredAt: now,
              }
            : {
                ...base,
                state: 'dead' as const,
                nextAttemptAt: entry.nextAttemptAt,
                lastError: `rejected by ${entry.toAuthority}: ${result.receipt.code ?? 'no code'}`,
                deliveredAt: null,
              };
        case 'failed':
          return {
            ...base,
            overdue: result.overdue,
            state: 'pending' as const,
            nextAttemptAt: result.retryAt,
            lastError: result.error,
            deliveredAt: null,
          };
        case 'expired':
          return {
            ...base,
            state: 'dead' as const,
            nextAttemptAt: entry.nextAttemptAt,
            lastError: 'certificate expired before delivery',
            deliveredAt: null,
          };
      }
    })();
    if (!(await repos.outbox.finish(entry.id, worker, change))) return false;

    const about = { type: entry.type, messageId: entry.id, to: entry.toAuthority };
    if (result.kind === 'failed') {
      if (result.overdue && !entry.overdue) {
        await recordChange(uow, repos, {
          number: entry.subject,
          at: now,
          actor: 'system',
          event: 'delivery-overdue',
          action: 'message.overdue',
          data: { ...about, since: entry.createdAt, lastError: result.error },
        });
        uow.afterCommit(() =>
          ctx.logger.warn({ ...about, since: entry.createdAt }, 'delivery overdue; still retrying'),
        );
      }
      return true;
    }
    if (result.kind === 'expired') {
      await recordChange(uow, repos, {
        number: entry.subject,
        at: now,
        actor: 'system',
        event: 'dead-letter',
        action: 'message.dead-letter',
        data: { ...about, reason: 'certificate expired' },
      });
      return true;
    }

    const receipt = result.receipt;
    // Written with the change's timeline event (`recordChange`; on PostgreSQL in one statement).
    const receiptWrite = repos.receipts.insertWrite({
      messageId: entry.id,
      certificateNumber: entry.subject,
      messageType: entry.type,
      role: 'received',
      signerAuthority: entry.toAuthority,
      result: receipt.result,
      code: receipt.code ?? null,
      receivedAt: receipt.receivedAt,
      jws: result.jws,
    });
    if (receipt.result === 'rejected') {
      const code: KpxCode | undefined = receipt.code;
      await recordChange(
        uow,
        repos,
        {
          number: entry.subject,
          at: now,
          actor: 'system',
          event: 'delivery-rejected',
          action: 'message.dead-letter',
          data: { ...about, reason: 'rejected', ...(code === undefined ? {} : { code }) },
        },
        [receiptWrite],
      );
      return true;
    }
    if (entry.type === 'certificate.issued') {
      const record = await repos.certificates.find(entry.subject);
      if (record !== undefined && nextStatus(record.status, 'deliver').ok) {
        await repos.certificates.updateStatus(record.number, {
          status: 'delivered',
          expectedVersion: record.version,
          at: now,
        });
      }
    }
    await recordChange(
      uow,
      repos,
      {
        number: entry.subject,
        at: now,
        actor: 'system',
        event: entry.type === 'certificate.issued' ? 'delivered' : 'message-delivered',
        action: 'message.deliver',
        data: { ...about, receivedAt: receipt.receivedAt },
      },
      [receiptWrite],
    );
    const latency = (Date.parse(receipt.receivedAt) - Date.parse(entry.createdAt)) / 1000;
    uow.afterCommit(() => ctx.metrics.delivered(Number.isFinite(latency) ? latency : 0));
    return true;
  });
}
