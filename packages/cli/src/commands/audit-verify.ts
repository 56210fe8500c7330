import { join, isAbsolute, resolve } from 'node:path';
import { nodeDirectoryLayout, openStorage, readNodeFile, verifyAuditChain } from '@kpx/node';
import { exitCodes, printJson, type Io } from '../output.js';
import { operatorErrors } from './node-errors.js';

export type AuditVerifyOptions = { dir: string; json?: boolean };

/**
 * `kpx audit verify`: recomputes the node's hash-chained audit log. Exit 0 with the number of
 * entries, or 1 naming the first broken entry and why.
 */
export async function auditVerify(options: AuditVerifyOptions, io: Io): Promise<number> {
  const dir = resolve(options.dir);
  const result = await operatorErrors(async () => {
    const file = await readNodeFile(join(dir, nodeDirectoryLayout.config));
    const db = file.database;
    const storage = await openStorage(
      db.kind === 'sqlite'
        ? { ...db, path: isAbsolute(db.path) ? db.path : join(dir, db.path) }
        : db,
    );
    try {
      return await verifyAuditChain(storage.db);
    } finally {
      await storage.close();
    }
  });
  if (options.json) printJson(io, result);
  else if (result.ok)
    io.out(`audit log intact: ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`);
  else io.out(`audit log broken at entry ${result.firstBrokenSeq}: ${result.reason}`);
  return result.ok ? exitCodes.ok : exitCodes.invalid;
}
