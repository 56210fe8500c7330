import { KpxError } from '@kpx/domain';
import { base64urlEncode, signTrustList, utf8 } from '@kpx/protocol';
import { createNodeSigner, jwkThumbprintNode, sha256Node } from '@kpx/protocol/node';
import { readListKeyFile } from '../list-key/list-key-file.js';
import type { RegistryContext } from '../registry/registry-context.js';
import { isoAt } from '../runtime/clock.js';
import type { RegistryDb } from '../storage/open-registry-database.js';
import { buildTrustList } from './build-trust-list.js';
import type { PublishedVersion } from './published-version.js';

/** Why a version was published (stored with it, for the operator). */
export type PublishReason = 'init' | 'change' | 'refresh' | 'list-key' | 'manual';

/** Strong ETag of a served JWS: version and a SHA-256 prefix of its exact bytes. */
export function etagOf(version: number, jws: string): string {
  return `"${version}-${base64urlEncode(sha256Node(utf8(jws))).slice(0, 22)}"`;
}

/**
 * Signs and stores the next trust-list version from the state as seen by `trx` (call it inside
 * the write transaction that made the change, so a change and its publication commit together).
 * The online list key is read from its file each time, so a key endorsed by `endorse-list-key`
 * in another process is picked up without a restart; the root key is never needed.
 * `nextUpdate` = `issuedAt` + period, but never past the list key's endorsement.
 */
export async function publishInTransaction(
  trx: RegistryDb,
  ctx: RegistryContext,
  reason: PublishReason,
): Promise<PublishedVersion> {
  const now = ctx.clock.now();
  const privateJwk = await readListKeyFile(ctx.paths.listKey);
  const listKid = jwkThumbprintNode(privateJwk);
  const listKey = await trx
    .selectFrom('list_keys')
    .selectAll()
    .where('kid', '=', listKid)
    .executeTakeFirst();
  if (listKey === undefined) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `the list key ${listKid} in ${ctx.paths.listKey} has no endorsement by the root key: run kpx registry endorse-list-key`,
    });
  }
  const validTo = Date.parse(listKey.valid_to);
  if (now < Date.parse(listKey.valid_from)) {
    throw new KpxError('KPX_KEY_NOT_YET_VALID', {
      detail: `the list key ${listKid} is endorsed from ${listKey.valid_from}`,
    });
  }
  if (now >= validTo) {
    throw new KpxError('KPX_KEY_EXPIRED', {
      detail: `the list key ${listKid} expired ${listKey.valid_to}: run kpx registry endorse-list-key`,
    });
  }
  const latest = await trx
    .selectFrom('versions')
    .select('version')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const version = (latest?.version ?? 0) + 1;
  const issuedAt = isoAt(now);
  const nextUpdate = isoAt(Math.min(now + ctx.settings.periodMs, validTo));
  const list = await buildTrustList(trx, { version, issuedAt, nextUpdate });
  const jws = await signTrustList(list, createNodeSigner(privateJwk), listKey.endorsement);
  const published: PublishedVersion = {
    version,
    issuedAt,
    nextUpdate,
    listKid,
    jws,
    etag: etagOf(version, jws),
  };
  await trx
    .insertInto('versions')
    .values({
      version,
      issued_at: issuedAt,
      next_update: nextUpdate,
      list_kid: listKid,
      jws,
      etag: published.etag,
      reason,
    })
    .execute();
  if (validTo - now < 2 * ctx.settings.periodMs) {
    ctx.logger.warn(
      { listKid, validTo: listKey.valid_to },
      'the online list key expires soon: run kpx registry endorse-list-key',
    );
  }
  return published;
}
