import { isAbsolute, join, resolve } from 'node:path';
import type { NodeContext } from '../node-context.js';
import type { Clock } from '../runtime/clock.js';
import { systemClock } from '../runtime/clock.js';
import { createIdGenerator } from '../runtime/id-generator.js';
import { secureRandom } from '../runtime/random.js';
import { openStorage } from '../storage/open-storage.js';
import { createToken, type CreatedToken } from '../tokens/create-token.js';
import { readNodeFile } from './node-file.js';

/**
 * `kpx node admin-token --dir D`: a new admin token written straight into the database that
 * node.json names (migrated first), for when no admin token works any more — it was lost, or
 * the node was moved to an empty PostgreSQL database, where `kpx node init`'s token does not
 * exist. Whoever can read the node directory and reach its database can do this anyway; the
 * secret is returned once, only its SHA-256 is stored, and existing tokens keep working.
 */
export async function issueAdminToken(
  dirInput: string,
  options: { name?: string; clock?: Clock } = {},
): Promise<CreatedToken> {
  const dir = resolve(dirInput);
  const file = await readNodeFile(join(dir, 'node.json'));
  const db = file.database;
  const storage = await openStorage(
    db.kind === 'sqlite' ? { ...db, path: isAbsolute(db.path) ? db.path : join(dir, db.path) } : db,
  );
  try {
    // createToken needs only the clock, randomness, ids and storage of a node (as at init).
    const clock = options.clock ?? systemClock;
    const bootstrap = {
      clock,
      random: secureRandom,
      ids: createIdGenerator(clock, secureRandom),
      storage,
    };
    return await createToken(
      bootstrap as unknown as NodeContext,
      { role: 'admin', name: options.name ?? 'admin (kpx node admin-token)' },
      'system',
    );
  } finally {
    await storage.close();
  }
}
