import { KpxError } from '@kpx/domain';
import { recordChange } from '../certificates/record-change.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';

/** A dead letter as the admin sees it (no envelope bytes: they carry commercial data). */
export type DeadLetter = {
  id: string;
  type: string;
  to: string;
  certificate: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
};

/** Dead letters, newest first (`GET /api/v1/outbox/dead-letters`). */
export async function listDeadLetters(ctx: NodeContext, limit: number): Promise<DeadLetter[]> {
  const entries = await repositories(ctx.storage.db, ctx.ids).outbox.listDead(limit);
  return entries.map((e) => ({
    id: e.id,
    type: e.type,
    to: e.toAuthority,
    certificate: e.subject,
    attempts: e.attempts,
    lastError: e.lastError,
    lastAttemptAt: e.lastAttemptAt,
    createdAt: e.createdAt,
  }));
}

/**
 * Puts a dead letter back in the queue, due now (`POST /api/v1/outbox/{id}/retry`): an admin's
 * decision after the cause was fixed (the partner corrected its trust list, say). The same
 * signed bytes are sent again, so the partner's deduplication still holds.
 */
export async function retryDeadLetter(
  ctx: NodeContext,
  id: string,
  actor: string,
): Promise<{ id: string; state: 'pending' }> {
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const entry = await repos.outbox.find(id);
    if (entry === undefined)
      throw new KpxError('KPX_NOT_FOUND', { detail: `No outbox entry ${id}` });
    if (!(await repos.outbox.revive(id, now))) {
      throw new KpxError('KPX_STATUS_TRANSITION', {
        detail: `Outbox entry ${id} is ${entry.state}, not dead`,
      });
    }
    await recordChange(uow, repos, {
      number: entry.subject,
      at: now,
      actor,
      event: 'delivery-retried',
      action: 'message.retry',
      data: { type: entry.type, messageId: id, to: entry.toAuthority },
    });
    uow.afterCommit(ctx.wakeDispatcher);
    return { id, state: 'pending' as const };
  });
}
