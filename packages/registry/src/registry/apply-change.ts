import type { PublishedVersion } from '../trust-list/published-version.js';
import { publishInTransaction } from '../trust-list/publish-trust-list.js';
import { writeTransaction, type RegistryDb } from '../storage/open-registry-database.js';
import type { RegistryContext } from './registry-context.js';
import type { ChangeOptions } from './registry-inputs.js';

/** What a change returns besides its own result: the version that published it, if any. */
export type Published = { published: PublishedVersion | undefined };

/**
 * Runs a change and (unless `publish: false`) publishes the next version in the SAME write
 * transaction: a change is never visible in the database without the version that lists it,
 * and a failed signature leaves no change behind.
 */
export async function applyChange<T extends object>(
  ctx: RegistryContext,
  options: ChangeOptions | undefined,
  work: (trx: RegistryDb) => Promise<T>,
): Promise<T & Published> {
  return writeTransaction(ctx.db, async (trx) => {
    const result = await work(trx);
    const published =
      options?.publish === false ? undefined : await publishInTransaction(trx, ctx, 'change');
    return { ...result, published };
  });
}
