import { decodeJwsPayload, type TrustList } from '@kpx/protocol';
import type { RegistryDb } from '../storage/open-registry-database.js';
import type { VersionsTable } from '../storage/database-schema.js';
import type { CurrentTrustList, PublishedVersion } from './published-version.js';

function publishedOf(row: VersionsTable): PublishedVersion {
  return {
    version: row.version,
    issuedAt: row.issued_at,
    nextUpdate: row.next_update,
    listKid: row.list_kid,
    jws: row.jws,
    etag: row.etag,
  };
}

/** The newest published version, or `undefined` before the first. */
export async function latestVersion(db: RegistryDb): Promise<PublishedVersion | undefined> {
  const row = await db
    .selectFrom('versions')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : publishedOf(row);
}

/** A published version by number. */
export async function versionByNumber(
  db: RegistryDb,
  version: number,
): Promise<PublishedVersion | undefined> {
  const row = await db
    .selectFrom('versions')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : publishedOf(row);
}

/** One line of the version index. */
export type VersionSummary = Omit<PublishedVersion, 'jws'> & { reason: string };

/** Every published version, newest first, without the JWS. */
export async function listVersions(db: RegistryDb): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom('versions')
    .select(['version', 'issued_at', 'next_update', 'list_kid', 'etag', 'reason'])
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    issuedAt: r.issued_at,
    nextUpdate: r.next_update,
    listKid: r.list_kid,
    etag: r.etag,
    reason: r.reason,
  }));
}

/** A published version with its payload (ours, signed by us: read, not re-verified). */
export function withPayload(version: PublishedVersion): CurrentTrustList {
  return { ...version, list: decodeJwsPayload(version.jws) as TrustList };
}
