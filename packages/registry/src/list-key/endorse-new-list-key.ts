import { KpxError } from '@kpx/domain';
import { endorseListKey, generateKeyPair, jwkThumbprint, type SignatureAlg } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import type { RegistryContext } from '../registry/registry-context.js';
import { readRootKeyFile } from '../root-key/root-key-file.js';
import { isoAt } from '../runtime/clock.js';
import { writeTransaction } from '../storage/open-registry-database.js';
import type { PublishedVersion } from '../trust-list/published-version.js';
import { publishInTransaction } from '../trust-list/publish-trust-list.js';
import { writeListKeyFile } from './list-key-file.js';

/** Options of {@link endorseNewListKey}. */
export type EndorseListKeyOptions = {
  passphrase: string;
  /** The encrypted root key file; default the one in the registry directory. */
  rootKeyPath?: string;
  /** Validity of the new endorsement; default 365 days. */
  validityMs?: number;
  alg?: SignatureAlg;
};

/**
 * Replaces the online list key: decrypts the root key (the only operation besides `init` that
 * needs it, and no server has to run), generates a new list key, endorses it with the root,
 * stores the endorsement, swaps the key file, and publishes a version signed with the new key.
 * Crash-safe in that order: until the file is swapped the old key (still endorsed) keeps signing.
 */
export async function endorseNewListKey(
  ctx: RegistryContext,
  options: EndorseListKeyOptions,
): Promise<{ listKid: string; validFrom: string; validTo: string; published: PublishedVersion }> {
  const rootPath = options.rootKeyPath ?? ctx.paths.rootKey;
  const rootJwk = await readRootKeyFile(rootPath, options.passphrase);
  const rootKid = await jwkThumbprint(rootJwk);
  if (rootKid !== ctx.settings.rootKid) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `${rootPath} holds root key ${rootKid}, the registry's pinned root is ${ctx.settings.rootKid}`,
    });
  }
  const now = ctx.clock.now();
  const validFrom = isoAt(now);
  const validTo = isoAt(now + (options.validityMs ?? 365 * 86_400_000));
  const next = await generateKeyPair(options.alg ?? 'EdDSA');
  const endorsement = await endorseListKey(
    { jwk: next.publicJwk, validFrom, validTo },
    createNodeSigner(rootJwk),
  );
  await writeTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('list_keys')
      .values({
        kid: next.kid,
        alg: options.alg ?? 'EdDSA',
        jwk: JSON.stringify(next.publicJwk),
        valid_from: validFrom,
        valid_to: validTo,
        endorsement,
        created_at: validFrom,
      })
      .execute();
  });
  await writeListKeyFile(ctx.paths.listKey, next.privateJwk);
  const published = await writeTransaction(ctx.db, (trx) =>
    publishInTransaction(trx, ctx, 'list-key'),
  );
  ctx.logger.info({ listKid: next.kid, validTo }, 'new online list key endorsed');
  return { listKid: next.kid, validFrom, validTo, published };
}
