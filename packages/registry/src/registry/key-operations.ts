import { KpxError } from '@kpx/domain';
import {
  algOfJwk,
  jwkThumbprint,
  publicJwkOf,
  type KeyResolver,
  type PublicJwk,
  type TrustedKey,
} from '@kpx/protocol';
import { isoAt } from '../runtime/clock.js';
import type { KeysTable } from '../storage/database-schema.js';
import type { RegistryDb } from '../storage/open-registry-database.js';
import { applyChange, type Published } from './apply-change.js';
import type { RegistryContext } from './registry-context.js';
import {
  addKeyInputSchema,
  isoOfInstant,
  parseInput,
  revocationReasons,
  type AddKeyInput,
  type ChangeOptions,
  type RevocationReason,
} from './registry-inputs.js';

/** A key the rotation gave an end to. */
export type SupersededKey = { kid: string; validTo: string };

/** Inserts a key row; a kid already listed (for any authority) is `KPX_CONFLICT`. */
export async function insertKey(
  trx: RegistryDb,
  key: {
    authority: string;
    jwk: PublicJwk;
    validFrom: string;
    validTo?: string;
    source: KeysTable['source'];
    addedAt: string;
  },
): Promise<string> {
  const jwk = publicJwkOf(key.jwk);
  const kid = await jwkThumbprint(jwk);
  const existing = await trx
    .selectFrom('keys')
    .select('authority')
    .where('kid', '=', kid)
    .executeTakeFirst();
  if (existing !== undefined) {
    throw new KpxError('KPX_CONFLICT', {
      detail: `key ${kid} is already listed for ${existing.authority}`,
    });
  }
  if (key.validTo !== undefined && key.validTo <= key.validFrom) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      detail: `key ${kid}: validTo ${key.validTo} is not after validFrom ${key.validFrom}`,
    });
  }
  await trx
    .insertInto('keys')
    .values({
      kid,
      authority: key.authority,
      alg: algOfJwk(jwk),
      jwk: JSON.stringify(jwk),
      valid_from: key.validFrom,
      valid_to: key.validTo ?? null,
      revoked_at: null,
      revocation_reason: null,
      superseded_by: null,
      source: key.source,
      added_at: key.addedAt,
    })
    .execute();
  return kid;
}

/**
 * Ends the authority's current keys (or just `only`) at `successorFrom` + `overlapMs`: the old
 * key keeps its row and its `validFrom`, so everything it signed before keeps verifying, and it
 * may still sign during the overlap while partners fetch the list with its successor.
 */
export async function supersedeKeys(
  trx: RegistryDb,
  input: {
    authority: string;
    successor: string;
    successorFrom: string;
    overlapMs: number;
    only?: string;
  },
): Promise<SupersededKey[]> {
  let query = trx
    .selectFrom('keys')
    .select(['kid', 'valid_to'])
    .where('authority', '=', input.authority)
    .where('kid', '!=', input.successor)
    .where('revoked_at', 'is', null)
    .where('superseded_by', 'is', null);
  if (input.only !== undefined) query = query.where('kid', '=', input.only);
  const current = await query.execute();
  const end = isoAt(Date.parse(input.successorFrom) + input.overlapMs);
  const superseded: SupersededKey[] = [];
  for (const key of current) {
    if (key.valid_to !== null && key.valid_to <= input.successorFrom) continue;
    const validTo = key.valid_to !== null && key.valid_to < end ? key.valid_to : end;
    await trx
      .updateTable('keys')
      .set({ valid_to: validTo, superseded_by: input.successor })
      .where('kid', '=', key.kid)
      .execute();
    superseded.push({ kid: key.kid, validTo });
  }
  return superseded;
}

/** Requires a listed authority; `KPX_AUTHORITY_UNKNOWN` otherwise. Returns its Participant. */
export async function requireAuthority(
  trx: RegistryDb,
  id: string,
): Promise<{ participant: string; status: 'active' | 'suspended' }> {
  const row = await trx
    .selectFrom('authorities')
    .innerJoin('participants', 'participants.code', 'authorities.participant')
    .select(['authorities.participant', 'participants.status'])
    .where('authorities.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) {
    throw new KpxError('KPX_AUTHORITY_UNKNOWN', { detail: `no authority ${id} is listed` });
  }
  return row;
}

/**
 * Lists a key for an authority (operator: CLI `rotate-key`, or the API). With `supersede` this
 * is a rotation: the authority's current keys end at the new key's `validFrom` + overlap.
 */
export async function addKey(
  ctx: RegistryContext,
  input: AddKeyInput,
  options?: ChangeOptions,
): Promise<{ kid: string; validFrom: string; superseded: SupersededKey[] } & Published> {
  const key = parseInput(addKeyInputSchema, input, 'key');
  const now = ctx.clock.now();
  const validFrom =
    key.validFrom === undefined ? isoAt(now) : isoOfInstant(key.validFrom, 'validFrom');
  const validTo = key.validTo === undefined ? undefined : isoOfInstant(key.validTo, 'validTo');
  return applyChange(ctx, options, async (trx) => {
    await requireAuthority(trx, key.authority);
    const kid = await insertKey(trx, {
      authority: key.authority,
      jwk: key.jwk,
      validFrom,
      ...(validTo === undefined ? {} : { validTo }),
      source: 'operator',
      addedAt: isoAt(now),
    });
    const superseded =
      key.supersede === true
        ? await supersedeKeys(trx, {
            authority: key.authority,
            successor: kid,
            successorFrom: validFrom,
            overlapMs: ctx.settings.overlapMs,
          })
        : [];
    return { kid, validFrom, superseded };
  });
}

/**
 * Revokes a key: `revokedAt` (default now) and the reason. The key stays listed: verifiers
 * decide what a revoked key's earlier signatures are worth (ARCHITECTURE.md "Revocation").
 */
export async function revokeKey(
  ctx: RegistryContext,
  kid: string,
  reason: RevocationReason,
  options?: ChangeOptions & { at?: string | Date },
): Promise<{ kid: string; revokedAt: string; reason: RevocationReason } & Published> {
  if (!revocationReasons.includes(reason)) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      detail: `reason must be one of ${revocationReasons.join(', ')}, not ${String(reason)}`,
    });
  }
  const revokedAt =
    options?.at === undefined ? isoAt(ctx.clock.now()) : isoOfInstant(options.at, 'revokedAt');
  return applyChange(ctx, options, async (trx) => {
    const key = await trx
      .selectFrom('keys')
      .select(['revoked_at'])
      .where('kid', '=', kid)
      .executeTakeFirst();
    if (key === undefined)
      throw new KpxError('KPX_NOT_FOUND', { detail: `no key ${kid} is listed` });
    if (key.revoked_at !== null) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `key ${kid} was already revoked ${key.revoked_at}`,
      });
    }
    await trx
      .updateTable('keys')
      .set({ revoked_at: revokedAt, revocation_reason: reason })
      .where('kid', '=', kid)
      .execute();
    return { kid, revokedAt, reason };
  });
}

/** Every listed key as a {@link KeyResolver} (revoked and expired ones included). */
export async function keyResolverOf(trx: RegistryDb): Promise<KeyResolver> {
  const rows = await trx
    .selectFrom('keys')
    .innerJoin('authorities', 'authorities.id', 'keys.authority')
    .selectAll('keys')
    .select('authorities.participant')
    .execute();
  const byKid = new Map<string, TrustedKey>();
  for (const row of rows) {
    const key: TrustedKey = {
      kid: row.kid,
      alg: row.alg,
      jwk: JSON.parse(row.jwk) as PublicJwk,
      authority: row.authority,
      participant: row.participant,
      validFrom: row.valid_from,
    };
    if (row.valid_to !== null) key.validTo = row.valid_to;
    if (row.revoked_at !== null) key.revokedAt = row.revoked_at;
    if (row.revocation_reason !== null) key.revocationReason = row.revocation_reason;
    byKid.set(row.kid, key);
  }
  return (kid) => byKid.get(kid);
}
