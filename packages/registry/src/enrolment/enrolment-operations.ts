import { randomBytes } from 'node:crypto';
import { KpxError } from '@kpx/domain';
import { decodeJwsPayload, uuidv7, type PublicJwk } from '@kpx/protocol';
import {
  insertKey,
  keyResolverOf,
  requireAuthority,
  supersedeKeys,
} from '../registry/key-operations.js';
import type { RegistryContext } from '../registry/registry-context.js';
import { isoAt } from '../runtime/clock.js';
import type { EnrolmentsTable, EnrolmentStatus } from '../storage/database-schema.js';
import { writeTransaction, type RegistryDb } from '../storage/open-registry-database.js';
import type { PublishedVersion } from '../trust-list/published-version.js';
import { publishInTransaction } from '../trust-list/publish-trust-list.js';
import { verifyKeyEnrolment } from './verify-key-enrolment.js';

/** A key enrolment as the registry holds it. */
export type EnrolmentRecord = {
  id: string;
  authority: string;
  kid: string;
  jwk: PublicJwk;
  /** The `validFrom` the node asked for (the listed one is never earlier than the approval). */
  requestedValidFrom: string;
  requestedAt: string;
  signedBy: string;
  status: EnrolmentStatus;
  receivedAt: string;
  decidedAt?: string;
  reason?: string;
};

/** What an enrolment or a decision on one led to. */
export type EnrolmentResult = EnrolmentRecord & {
  /** The key's `validFrom` in the trust list, once approved. */
  validFrom?: string;
  /** The version that first lists the key (when this call published it). */
  published?: PublishedVersion;
  /** True when this request repeats one already received (same answer, nothing new). */
  duplicate: boolean;
};

function recordOf(row: EnrolmentsTable): EnrolmentRecord {
  const record: EnrolmentRecord = {
    id: row.id,
    authority: row.authority,
    kid: row.kid,
    jwk: JSON.parse(row.jwk) as PublicJwk,
    requestedValidFrom: row.valid_from,
    requestedAt: row.requested_at,
    signedBy: row.signed_by,
    status: row.status,
    receivedAt: row.received_at,
  };
  if (row.decided_at !== null) record.decidedAt = row.decided_at;
  if (row.decision_reason !== null) record.reason = row.decision_reason;
  return record;
}

async function resultOf(
  trx: RegistryDb,
  row: EnrolmentsTable,
  duplicate: boolean,
  published?: PublishedVersion,
): Promise<EnrolmentResult> {
  const result: EnrolmentResult = { ...recordOf(row), duplicate };
  if (row.status === 'approved') {
    const key = await trx
      .selectFrom('keys')
      .select('valid_from')
      .where('kid', '=', row.kid)
      .executeTakeFirst();
    if (key !== undefined) result.validFrom = key.valid_from;
  }
  if (published !== undefined) result.published = published;
  return result;
}

/** The checks a signing key must still pass when its request is acted on. */
async function requireCurrentSigningKey(trx: RegistryDb, kid: string, now: number): Promise<void> {
  const key = await trx
    .selectFrom('keys')
    .select(['valid_from', 'valid_to', 'revoked_at', 'revocation_reason', 'superseded_by'])
    .where('kid', '=', kid)
    .executeTakeFirst();
  if (key === undefined) throw new KpxError('KPX_KEY_UNKNOWN', { detail: `no listed key ${kid}` });
  if (key.revoked_at !== null) {
    throw new KpxError('KPX_KEY_REVOKED', {
      detail: `signing key ${kid} was revoked ${key.revoked_at} (${key.revocation_reason ?? ''})`,
    });
  }
  if (key.superseded_by !== null) {
    throw new KpxError('KPX_KEY_EXPIRED', {
      detail: `signing key ${kid} was superseded by ${key.superseded_by}: sign with the current key`,
    });
  }
  if (now < Date.parse(key.valid_from)) {
    throw new KpxError('KPX_KEY_NOT_YET_VALID', {
      detail: `signing key ${kid} valid from ${key.valid_from}`,
    });
  }
  if (key.valid_to !== null && now > Date.parse(key.valid_to)) {
    throw new KpxError('KPX_KEY_EXPIRED', {
      detail: `signing key ${kid} valid until ${key.valid_to}`,
    });
  }
}

async function requireActive(trx: RegistryDb, authority: string): Promise<void> {
  const { participant, status } = await requireAuthority(trx, authority);
  if (status === 'suspended') {
    throw new KpxError('KPX_PARTICIPANT_SUSPENDED', {
      detail: `Participant ${participant} is suspended: no key enrolment for ${authority}`,
    });
  }
}

/**
 * Lists the enrolled key: `validFrom` = the requested one, or now if that has passed (a key is
 * never listed as valid before the registry accepted it); the key that signed the request ends
 * at that `validFrom` + overlap (kept, never deleted); the next version is published.
 */
async function approveInTransaction(
  trx: RegistryDb,
  ctx: RegistryContext,
  row: EnrolmentsTable,
): Promise<EnrolmentResult> {
  const now = ctx.clock.now();
  const validFrom = row.valid_from > isoAt(now) ? row.valid_from : isoAt(now);
  const kid = await insertKey(trx, {
    authority: row.authority,
    jwk: JSON.parse(row.jwk) as PublicJwk,
    validFrom,
    source: 'enrolment',
    addedAt: isoAt(now),
  });
  await supersedeKeys(trx, {
    authority: row.authority,
    successor: kid,
    successorFrom: validFrom,
    overlapMs: ctx.settings.overlapMs,
    only: row.signed_by,
  });
  await trx
    .updateTable('enrolments')
    .set({ status: 'approved', decided_at: isoAt(now) })
    .where('id', '=', row.id)
    .execute();
  const published = await publishInTransaction(trx, ctx, 'change');
  const approved = { ...row, status: 'approved' as const, decided_at: isoAt(now) };
  return resultOf(trx, approved, false, published);
}

function kidClaimed(jws: string): string | undefined {
  const payload = decodeJwsPayload(jws);
  const kid =
    typeof payload === 'object' && payload !== null
      ? (payload as { kid?: unknown }).kid
      : undefined;
  return typeof kid === 'string' ? kid : undefined;
}

/**
 * Receives a `kpx-key-enrolment+jwt` (`POST /enrolment/v1/keys`). It must verify against the
 * registry's keys (signed by a listed, unrevoked, unsuperseded key of the authority it names,
 * fresh); the authority's Participant must be active. With `autoApproveRotation` the new key is
 * published at once, otherwise the request waits for an operator. The exact JWS is stored. A
 * repeated request (same bytes, or the same new key again) gets the first answer.
 * Failures throw `KpxError` with the code of the first failed check.
 */
export async function submitEnrolment(ctx: RegistryContext, jws: string): Promise<EnrolmentResult> {
  const verify = async (db: RegistryDb, now: number) => {
    const outcome = await verifyKeyEnrolment(jws, {
      keys: await keyResolverOf(db),
      verifier: ctx.verifier,
      now: new Date(now),
      maxAgeMs: ctx.settings.enrolmentMaxAgeMs,
    });
    const failed = outcome.checks.find((c) => !c.ok);
    if (!outcome.valid || outcome.value === undefined || outcome.kid === undefined) {
      throw new KpxError(failed?.code ?? 'KPX_JWS_MALFORMED', {
        detail: `enrolment refused at ${failed?.check ?? 'format'}: ${failed?.message ?? 'invalid'}`,
      });
    }
    return { enrolment: outcome.value, signedBy: outcome.kid };
  };
  const sameBytes = async (db: RegistryDb): Promise<EnrolmentsTable | undefined> => {
    const claimedKid = kidClaimed(jws);
    if (claimedKid === undefined) return undefined;
    return db
      .selectFrom('enrolments')
      .selectAll()
      .where('kid', '=', claimedKid)
      .where('jws', '=', jws)
      .executeTakeFirst();
  };

  // Outside the write lock first: what does not authenticate never makes anyone wait.
  const seen = await sameBytes(ctx.db);
  if (seen !== undefined) return resultOf(ctx.db, seen, true);
  await verify(ctx.db, ctx.clock.now());

  return writeTransaction(ctx.db, async (trx) => {
    const same = await sameBytes(trx);
    if (same !== undefined) return resultOf(trx, same, true);
    // Again under the lock: a revocation or rotation may have committed meanwhile.
    const now = ctx.clock.now();
    const { enrolment, signedBy } = await verify(trx, now);
    const prior = await trx
      .selectFrom('enrolments')
      .selectAll()
      .where('kid', '=', enrolment.kid)
      .orderBy('received_at', 'desc')
      .executeTakeFirst();
    if (prior !== undefined) {
      if (prior.authority !== enrolment.authority) {
        throw new KpxError('KPX_CONFLICT', {
          detail: `key ${enrolment.kid} was enrolled for ${prior.authority}`,
        });
      }
      // A retry with fresh bytes (new requestedAt) after the first was approved, when the
      // signing key is already superseded by this very key: the first answer again.
      return resultOf(trx, prior, true);
    }
    await requireActive(trx, enrolment.authority);
    await requireCurrentSigningKey(trx, signedBy, now);
    const listed = await trx
      .selectFrom('keys')
      .select('authority')
      .where('kid', '=', enrolment.kid)
      .executeTakeFirst();
    if (listed !== undefined) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `key ${enrolment.kid} is already listed for ${listed.authority}`,
      });
    }
    const row: EnrolmentsTable = {
      id: uuidv7(now, randomBytes(10)),
      authority: enrolment.authority,
      kid: enrolment.kid,
      jwk: JSON.stringify(enrolment.jwk),
      valid_from: new Date(Date.parse(enrolment.validFrom)).toISOString(),
      requested_at: enrolment.requestedAt,
      signed_by: signedBy,
      jws,
      status: 'pending',
      received_at: isoAt(now),
      decided_at: null,
      decision_reason: null,
    };
    await trx.insertInto('enrolments').values(row).execute();
    if (!ctx.settings.autoApproveRotation) {
      ctx.logger.info(
        { id: row.id, authority: row.authority, kid: row.kid },
        'key enrolment waiting for approval',
      );
      return resultOf(trx, row, false);
    }
    return approveInTransaction(trx, ctx, row);
  });
}

async function requirePending(trx: RegistryDb, id: string): Promise<EnrolmentsTable> {
  const row = await trx
    .selectFrom('enrolments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new KpxError('KPX_NOT_FOUND', { detail: `no enrolment ${id}` });
  if (row.status !== 'pending') {
    throw new KpxError('KPX_STATUS_TRANSITION', {
      detail: `enrolment ${id} is already ${row.status}`,
    });
  }
  return row;
}

/**
 * An operator approves a pending enrolment. The signing key must still be unrevoked and
 * unsuperseded, and the Participant active; the key is then listed as on auto-approval.
 */
export async function approveEnrolment(ctx: RegistryContext, id: string): Promise<EnrolmentResult> {
  return writeTransaction(ctx.db, async (trx) => {
    const row = await requirePending(trx, id);
    await requireActive(trx, row.authority);
    const key = await trx
      .selectFrom('keys')
      .select(['revoked_at', 'revocation_reason', 'superseded_by'])
      .where('kid', '=', row.signed_by)
      .executeTakeFirst();
    if (key?.revoked_at != null) {
      throw new KpxError('KPX_KEY_REVOKED', {
        detail: `the request was signed by ${row.signed_by}, revoked ${key.revoked_at}`,
      });
    }
    if (key?.superseded_by != null) {
      throw new KpxError('KPX_KEY_EXPIRED', {
        detail: `the request was signed by ${row.signed_by}, since superseded by ${key.superseded_by}`,
      });
    }
    return approveInTransaction(trx, ctx, row);
  });
}

/** An operator rejects a pending enrolment, with a reason the node can read. */
export async function rejectEnrolment(
  ctx: RegistryContext,
  id: string,
  reason: string,
): Promise<EnrolmentResult> {
  if (reason.trim().length === 0) {
    throw new KpxError('KPX_VALIDATION_FAILED', { detail: 'a rejection needs a reason' });
  }
  return writeTransaction(ctx.db, async (trx) => {
    const row = await requirePending(trx, id);
    const decided = {
      ...row,
      status: 'rejected' as const,
      decided_at: isoAt(ctx.clock.now()),
      decision_reason: reason.trim(),
    };
    await trx
      .updateTable('enrolments')
      .set({
        status: 'rejected',
        decided_at: decided.decided_at,
        decision_reason: decided.decision_reason,
      })
      .where('id', '=', id)
      .execute();
    return resultOf(trx, decided, false);
  });
}

/** Enrolments, oldest first, optionally of one status. */
export async function listEnrolments(
  ctx: RegistryContext,
  status?: EnrolmentStatus,
): Promise<EnrolmentRecord[]> {
  let query = ctx.db.selectFrom('enrolments').selectAll().orderBy('received_at').orderBy('id');
  if (status !== undefined) query = query.where('status', '=', status);
  return (await query.execute()).map(recordOf);
}

/** The latest enrolment of a key, by its kid (what a node polls after a `pending` answer). */
export async function enrolmentOfKey(
  ctx: RegistryContext,
  kid: string,
): Promise<EnrolmentResult | undefined> {
  const row = await ctx.db
    .selectFrom('enrolments')
    .selectAll()
    .where('kid', '=', kid)
    .orderBy('received_at', 'desc')
    .executeTakeFirst();
  return row === undefined ? undefined : resultOf(ctx.db, row, false);
}
