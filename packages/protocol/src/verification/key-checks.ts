import type { TrustedKey, KeyResolver } from '../keys/trusted-key.js';
import type { SignatureAlg } from '../keys/jwk.js';
import type { CheckList } from './check.js';
import { isoOf, parseDateTime } from './time.js';

/**
 * How a revoked key is treated. `evidence`: the signature still counts when independent
 * evidence (a partner's receipt, a registry timestamp) shows the document existed before
 * `revokedAt` — never the signer's own claim of time (ARCHITECTURE.md "Revocation").
 * `strict`: a revoked key signs nothing any more (live messages: envelopes, receipts).
 */
export type RevocationPolicy =
  { mode: 'evidence'; evidenceBefore?: string | undefined } | { mode: 'strict' };

export type KeyCheckInput = {
  kid: string;
  alg: SignatureAlg;
  keys: KeyResolver;
  /**
   * The authority the signed content claims to come from; `undefined` when it names none (a
   * failure), `null` when the caller has no expectation (the check then only reports the owner).
   */
  claimedAuthority: string | undefined | null;
  /** What `key-authority` compares against, for messages ("from"), certificates ("issuer"). */
  authorityLabel: string;
  /** The claimed signing time, epoch ms. */
  signingTimeMs: number | undefined;
  revocation: RevocationPolicy;
};

/** The key checks, in the order every verifier reports them. */
export const keyCheckNames = [
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
] as const;

/**
 * Runs `key-known`, `key-authority`, `key-valid-at-signing` and `key-not-revoked`, and returns
 * the key when it is known and made for the header's algorithm (so the signature can be
 * checked even when a later key check failed: the report then says both).
 */
export function runKeyChecks(list: CheckList, input: KeyCheckInput): TrustedKey | undefined {
  const key = input.keys(input.kid);
  if (key === undefined) {
    list.fail('key-known', 'KPX_KEY_UNKNOWN', `no trusted key has kid ${input.kid}`);
    list.skipAll(keyCheckNames.slice(1), 'key unknown');
    return undefined;
  }
  if (key.alg !== input.alg) {
    list.fail(
      'key-known',
      'KPX_ALG_NOT_ALLOWED',
      `key ${key.kid} is for ${key.alg}, the header says ${input.alg}`,
    );
    list.skipAll(keyCheckNames.slice(1), 'key not usable with this algorithm');
    return undefined;
  }
  list.pass('key-known', `key ${key.kid} of ${key.authority} (${key.alg})`);

  if (input.claimedAuthority === null) {
    list.pass(
      'key-authority',
      `key belongs to ${key.authority} (no ${input.authorityLabel} expected)`,
    );
  } else if (input.claimedAuthority === undefined) {
    list.fail(
      'key-authority',
      'KPX_KEY_AUTHORITY_MISMATCH',
      `the signed content names no ${input.authorityLabel}`,
    );
  } else if (input.claimedAuthority !== key.authority) {
    list.fail(
      'key-authority',
      'KPX_KEY_AUTHORITY_MISMATCH',
      `key belongs to ${key.authority}, the ${input.authorityLabel} is ${input.claimedAuthority}`,
    );
  } else {
    list.pass('key-authority', `key belongs to ${key.authority}, the ${input.authorityLabel}`);
  }

  const at = representableTime(input.signingTimeMs);
  checkValidity(list, key, at);
  checkRevocation(list, key, input.revocation, at);
  return key;
}

/** ECMAScript's time range (±100,000,000 days from the epoch, §21.4.1.1). */
const maxTimeMs = 8.64e15;

/**
 * A signing time a Date can hold, else `undefined` ("no readable signing time"): a signed
 * `iat` of 10^13 seconds is a safe integer but 10^16 ms, past the range, and formatting it
 * would throw instead of failing the check.
 */
function representableTime(at: number | undefined): number | undefined {
  return at !== undefined && Number.isFinite(at) && Math.abs(at) <= maxTimeMs ? at : undefined;
}

function checkValidity(list: CheckList, key: TrustedKey, at: number | undefined): void {
  const name = 'key-valid-at-signing';
  if (at === undefined) {
    list.fail(name, 'KPX_PAYLOAD_INVALID', 'the signed content carries no readable signing time');
    return;
  }
  const from = parseDateTime(key.validFrom);
  const to = key.validTo === undefined ? undefined : parseDateTime(key.validTo);
  const when = isoOf(at);
  if (from === undefined || (key.validTo !== undefined && to === undefined)) {
    list.fail(name, 'KPX_KEY_UNKNOWN', `key ${key.kid} has an unreadable validity period`);
  } else if (at < from) {
    list.fail(name, 'KPX_KEY_NOT_YET_VALID', `signed ${when}, key valid from ${key.validFrom}`);
  } else if (to !== undefined && at > to) {
    list.fail(name, 'KPX_KEY_EXPIRED', `signed ${when}, key valid until ${key.validTo ?? ''}`);
  } else {
    list.pass(name, `signed ${when}, within the key's validity`);
  }
}

/** The revocation reason after which nothing the key signed counts without evidence. */
export const compromiseReason = 'compromise';

function checkRevocation(
  list: CheckList,
  key: TrustedKey,
  policy: RevocationPolicy,
  signedAtMs: number | undefined,
): void {
  const name = 'key-not-revoked';
  if (key.revokedAt === undefined) {
    list.pass(name, 'key not revoked');
    return;
  }
  const reason = key.revocationReason === undefined ? '' : ` (${key.revocationReason})`;
  const revoked = parseDateTime(key.revokedAt);
  if (policy.mode === 'evidence' && policy.evidenceBefore !== undefined && revoked !== undefined) {
    const evidence = parseDateTime(policy.evidenceBefore);
    if (evidence !== undefined && evidence < revoked) {
      list.pass(
        name,
        `key revoked ${key.revokedAt}${reason}, but evidence shows the document existed at ${policy.evidenceBefore}`,
      );
      return;
    }
  }
  // A key retired for a reason other than compromise (superseded, ceased) was in the
  // authority's sole control until revokedAt, so its own signing time can be believed for
  // documents signed before then. After a compromise anyone may have signed with any claimed
  // time: only independent evidence counts (ARCHITECTURE.md "Revocation"). A revocation that
  // gives no reason is read as a compromise, the safe side.
  if (
    policy.mode === 'evidence' &&
    key.revocationReason !== undefined &&
    key.revocationReason !== compromiseReason &&
    revoked !== undefined &&
    signedAtMs !== undefined &&
    signedAtMs < revoked
  ) {
    list.pass(name, `key revoked ${key.revokedAt}${reason}, after this document was signed`);
    return;
  }
  list.fail(name, 'KPX_KEY_REVOKED', `key revoked ${key.revokedAt}${reason}`);
}
