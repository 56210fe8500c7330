import type {
  PublicJwk,
  SignatureAlg,
  TrustList,
  TrustListAuthority,
  TrustListKey,
  TrustListListKey,
} from '@kpx/protocol';
import type { RegistryDb } from '../storage/open-registry-database.js';

/**
 * Assembles the trust-list payload from the registry's current state: every Participant (by
 * code), every authority (by id), and every key ever listed (by authority, then `validFrom`) —
 * keys are never dropped, so documents signed with a rotated key keep verifying. `listKeys`
 * names the endorsed list keys valid at `issuedAt` (informational: trust comes from the
 * endorsement in the JWS header).
 */
export async function buildTrustList(
  db: RegistryDb,
  header: { version: number; issuedAt: string; nextUpdate: string },
): Promise<TrustList> {
  // One after another: inside a transaction every query runs on the same connection.
  const participants = await db.selectFrom('participants').selectAll().orderBy('code').execute();
  const authorities = await db.selectFrom('authorities').selectAll().orderBy('id').execute();
  const keys = await db
    .selectFrom('keys')
    .selectAll()
    .orderBy('authority')
    .orderBy('valid_from')
    .orderBy('kid')
    .execute();
  const listKeys = await db
    .selectFrom('list_keys')
    .selectAll()
    .where('valid_to', '>', header.issuedAt)
    .where('valid_from', '<=', header.issuedAt)
    .orderBy('valid_from')
    .execute();
  return {
    version: header.version,
    issuedAt: header.issuedAt,
    nextUpdate: header.nextUpdate,
    participants: participants.map((p) => ({
      code: p.code,
      names: { en: p.name_en, ru: p.name_ru, fr: p.name_fr },
      status: p.status,
    })),
    authorities: authorities.map((a) => {
      const authority: TrustListAuthority = {
        id: a.id,
        participant: a.participant,
        names: { en: a.name_en, ru: a.name_ru, fr: a.name_fr },
        mayIssue: a.may_issue === 1,
        mayImport: a.may_import === 1,
        defaultImporting: a.default_importing === 1,
        numberPattern: a.number_pattern,
        validity: { defaultDays: a.validity_default_days, maxDays: a.validity_max_days },
      };
      if (a.endpoint !== null) authority.endpoint = a.endpoint;
      return authority;
    }),
    keys: keys.map((k) => {
      const key: TrustListKey = {
        kid: k.kid,
        alg: k.alg,
        jwk: JSON.parse(k.jwk) as PublicJwk,
        authority: k.authority,
        validFrom: k.valid_from,
      };
      if (k.valid_to !== null) key.validTo = k.valid_to;
      if (k.revoked_at !== null) key.revokedAt = k.revoked_at;
      if (k.revocation_reason !== null) key.revocationReason = k.revocation_reason;
      return key;
    }),
    listKeys: listKeys.map((k): TrustListListKey => ({
      kid: k.kid,
      alg: k.alg as SignatureAlg,
      jwk: JSON.parse(k.jwk) as PublicJwk,
      validFrom: k.valid_from,
      validTo: k.valid_to,
    })),
  };
}
