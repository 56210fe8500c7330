import { nextStatus } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { recordChange } from './record-change.js';

const batchSize = 200;

/**
 * Marks `expired` every open certificate (issued or delivered, either direction) whose date of
 * expiry has passed (UTC day). Each side expires its own copy on its own clock: expiry is a
 * date printed on the certificate, not news a partner has to send. Returns how many expired.
 */
export async function expireCertificates(ctx: NodeContext): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await ctx.storage.transactor.transact(async (uow) => {
      const repos = repositories(uow.db, ctx.ids);
      const now = isoAt(ctx.clock.now());
      const due = await repos.certificates.expiredOpen(now.slice(0, 10), batchSize);
      for (const record of due) {
        const transition = nextStatus(record.status, 'expire');
        if (!transition.ok) continue;
        await repos.certificates.updateStatus(record.number, {
          status: 'expired',
          expectedVersion: record.version,
          at: now,
        });
        await recordChange(uow, repos, {
          number: record.number,
          at: now,
          actor: 'system',
          event: 'expired',
          action: 'certificate.expire',
          data: { expiresOn: record.expiresOn },
        });
      }
      return due.length;
    });
    total += expired;
    if (expired < batchSize) return total;
  }
}
