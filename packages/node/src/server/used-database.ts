import { KpxError } from '@kpx/domain';
import type { Storage } from '../storage/storage.js';

/**
 * Refuses (`KPX_CONFLICT`) a database that holds a node already — API tokens, certificates or
 * audit entries. Writing a second node into it (`kpx node init --db`, `kpx node move-to-postgres`)
 * would mix two nodes' data or hand out an admin token for data the caller did not make. A
 * database that is merely migrated (an earlier attempt that failed) may be used.
 */
export async function refuseUsedDatabase(storage: Storage, shown: string): Promise<void> {
  for (const table of ['api_tokens', 'certificates', 'audit_log'] as const) {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `${shown} already holds a node's data (${table}); give an empty database or schema`,
      });
    }
  }
}

/** A PostgreSQL URL as an operator may see it (no password), with the schema. */
export function describePostgres(database: { url: string; schema?: string | undefined }): string {
  let shown = database.url;
  try {
    const url = new URL(database.url);
    if (url.password !== '') url.password = '***';
    shown = url.toString();
  } catch {
    // Validated with the whole config elsewhere; shown as given until then.
  }
  return database.schema === undefined ? shown : `${shown} (schema ${database.schema})`;
}
