import type { RegistryContext } from '../registry/registry-context.js';
import { writeTransaction } from '../storage/open-registry-database.js';
import type { PublishedVersion } from './published-version.js';
import { publishInTransaction } from './publish-trust-list.js';
import { latestVersion } from './trust-list-reads.js';

/**
 * Publishes a new version, unchanged but freshly signed, once the newest one's `nextUpdate` is
 * within `refreshBeforeMs` (or already passed): nodes never hold a stale list while the registry
 * runs. Checked inside the write transaction, so two processes never both re-sign.
 * Returns the new version, or `undefined` when none was due.
 */
export async function refreshIfDue(ctx: RegistryContext): Promise<PublishedVersion | undefined> {
  return writeTransaction(ctx.db, async (trx) => {
    const latest = await latestVersion(trx);
    const now = ctx.clock.now();
    // The second condition stops a re-signing storm when `nextUpdate` was cut short by a list
    // key about to expire (publishing warns about that; only a new endorsement helps).
    const due =
      latest === undefined ||
      (now >= Date.parse(latest.nextUpdate) - ctx.settings.refreshBeforeMs &&
        now - Date.parse(latest.issuedAt) >= ctx.settings.periodMs / 10);
    if (!due) return undefined;
    const published = await publishInTransaction(trx, ctx, 'refresh');
    ctx.logger.info({ version: published.version }, 'trust list re-signed before its next update');
    return published;
  });
}

/** Publishes a new version now, changes or not (`kpx registry publish`). */
export async function publishNow(ctx: RegistryContext): Promise<PublishedVersion> {
  return writeTransaction(ctx.db, (trx) => publishInTransaction(trx, ctx, 'manual'));
}
