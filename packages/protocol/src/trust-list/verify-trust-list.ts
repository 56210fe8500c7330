import { isCanonicalJsonText, parseCompactJws } from '../jws/compact-jws.js';
import { checkHeader } from '../jws/verify-jws.js';
import { algOfJwk, jwkThumbprint, type PublicJwk } from '../keys/jwk.js';
import { verifySafely, type SignatureVerifier } from '../keys/signer.js';
import { CheckList, type VerifyOutcome } from '../verification/check.js';
import { instantMs, parseDateTime, type Instant } from '../verification/time.js';
import {
  endorsementHeader,
  listKeyEndorsementSchema,
  listKeyEndorsementTyp,
  type ListKeyEndorsement,
} from './list-key-endorsement.js';
import { trustListSchema, trustListTyp, type TrustList } from './trust-list.js';

/** Options of {@link verifyTrustList}. */
export type VerifyTrustListOptions = {
  /** The registry's root public key, pinned in the node's configuration. */
  rootKey: PublicJwk;
  verifier: SignatureVerifier;
  now: Instant;
  /** The version the node already holds: an older list is a rollback. */
  minVersion?: number;
  /** Tolerated clock skew for `issuedAt` in the future; default 5 minutes. */
  maxSkewMs?: number;
};

/** The checks of {@link verifyTrustList}, in order. */
export const trustListCheckNames = [
  'format',
  'header',
  'endorsement',
  'signature',
  'schema',
  'version',
  'freshness',
] as const;

async function verifyEndorsement(
  list: CheckList,
  endorsement: string,
  listKid: string,
  listAlg: string,
  options: VerifyTrustListOptions,
): Promise<ListKeyEndorsement | undefined> {
  const name = 'endorsement';
  const parsed = parseCompactJws(endorsement);
  if (!parsed.ok) return fail(list, `endorsement: ${parsed.message}`);
  const { header, payload, payloadText } = parsed.value;
  const rootKid = await jwkThumbprint(options.rootKey);
  const rootAlg = algOfJwk(options.rootKey);
  if (header.typ !== listKeyEndorsementTyp)
    return fail(list, `endorsement typ is not ${listKeyEndorsementTyp}`);
  if (header.kid !== rootKid) {
    list.fail(
      name,
      'KPX_KEY_UNKNOWN',
      `endorsement is signed by ${String(header.kid)}, the pinned root is ${rootKid}`,
    );
    return undefined;
  }
  if (header.alg !== rootAlg || 'crit' in header) {
    list.fail(
      name,
      'KPX_ALG_NOT_ALLOWED',
      `endorsement alg ${String(header.alg)}, the root key is ${rootAlg}`,
    );
    return undefined;
  }
  const signed = await verifySafely(
    options.verifier,
    rootAlg,
    options.rootKey,
    parsed.value.signingInput,
    parsed.value.signature,
  );
  if (!signed) {
    list.fail(
      name,
      'KPX_SIGNATURE_INVALID',
      'endorsement signature does not verify with the root key',
    );
    return undefined;
  }
  const shape = listKeyEndorsementSchema.safeParse(payload);
  if (!shape.success || !isCanonicalJsonText(payloadText, payload))
    return fail(list, 'endorsement payload is malformed');
  const endorsed = shape.data;
  if ((await jwkThumbprint(endorsed.jwk)) !== endorsed.kid)
    return fail(list, 'endorsed kid is not the thumbprint of its key');
  if (endorsed.kid !== listKid)
    return fail(list, `the list is signed by ${listKid}, the endorsement is for ${endorsed.kid}`);
  if (algOfJwk(endorsed.jwk) !== listAlg)
    return fail(list, `the list alg ${listAlg} does not fit the endorsed key`);
  const now = instantMs(options.now);
  if (now < (parseDateTime(endorsed.validFrom) ?? Infinity)) {
    list.fail(name, 'KPX_KEY_NOT_YET_VALID', `list key valid from ${endorsed.validFrom}`);
    return undefined;
  }
  if (now > (parseDateTime(endorsed.validTo) ?? -Infinity)) {
    list.fail(name, 'KPX_KEY_EXPIRED', `list key valid until ${endorsed.validTo}`);
    return undefined;
  }
  list.pass(name, `list key ${endorsed.kid} endorsed by root ${rootKid} until ${endorsed.validTo}`);
  return endorsed;
}

function fail(list: CheckList, message: string): undefined {
  list.fail('endorsement', 'KPX_TRUST_LIST_INVALID', message);
  return undefined;
}

/**
 * Verifies a `kpx-trust-list+jwt` against the pinned root key: `format`; `header`; `endorsement`
 * (the `x-kpx-endorsement` header is a `kpx-list-key+jwt` signed by the root, endorsing the
 * list's signing key, valid now); `signature` (by the endorsed key); `schema`
 * (`trustListSchema`, and every kid the thumbprint of its key); `version` (not below
 * `minVersion`: `KPX_TRUST_LIST_ROLLBACK`); `freshness` (`issuedAt` not in the future,
 * `nextUpdate` not passed: `KPX_TRUST_LIST_STALE`). Never throws on bad input.
 *
 * @throws TypeError only when `options.now` is not a date-time (a caller bug, not bad input).
 *
 * @example
 * ```ts
 * const outcome = await verifyTrustList(jws, { rootKey, verifier: webCryptoVerifier, now: new Date(), minVersion: held.version });
 * if (outcome.valid) keys = keyResolverFromTrustList(outcome.value);
 * ```
 */
export async function verifyTrustList(
  jws: string,
  options: VerifyTrustListOptions,
): Promise<VerifyOutcome<TrustList>> {
  instantMs(options.now); // throws on a bad clock value (a caller bug) before any check runs
  const list = new CheckList();
  const later = ['version', 'freshness'] as const;
  const parsed = parseCompactJws(jws);
  if (!parsed.ok) {
    list.fail('format', 'KPX_JWS_MALFORMED', parsed.message);
    list.skipAll(trustListCheckNames.slice(1), 'format invalid');
    return list.outcome<TrustList>(undefined, undefined);
  }
  list.pass('format', 'compact JWS');
  const { header, payload, payloadText, signingInput, signature } = parsed.value;
  const endorsement = header[endorsementHeader];
  const fromHeader = checkHeader(list, header, trustListTyp);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (fromHeader === undefined) {
    list.skipAll(['endorsement', 'signature', 'schema', ...later], 'header invalid');
    return list.outcome<TrustList>(undefined, kid);
  }
  if (typeof endorsement !== 'string') {
    list.fail('endorsement', 'KPX_TRUST_LIST_INVALID', `the header has no ${endorsementHeader}`);
    list.skipAll(['signature', 'schema', ...later], 'no endorsed list key');
    return list.outcome<TrustList>(undefined, kid);
  }
  const endorsed = await verifyEndorsement(
    list,
    endorsement,
    fromHeader.kid,
    fromHeader.alg,
    options,
  );
  if (endorsed === undefined) {
    list.skipAll(['signature', 'schema', ...later], 'no endorsed list key');
    return list.outcome<TrustList>(undefined, kid);
  }
  const ok = await verifySafely(
    options.verifier,
    fromHeader.alg,
    endorsed.jwk,
    signingInput,
    signature,
  );
  if (!ok) {
    list.fail(
      'signature',
      'KPX_SIGNATURE_INVALID',
      `signature does not verify with list key ${endorsed.kid}`,
    );
    list.skipAll(['schema', ...later], 'signature invalid');
    return list.outcome<TrustList>(undefined, kid);
  }
  list.pass('signature', `signed by list key ${endorsed.kid}`);

  const schema = trustListSchema.safeParse(payload);
  if (!schema.success || !isCanonicalJsonText(payloadText, payload)) {
    const issue = schema.success ? undefined : schema.error.issues[0];
    const message =
      issue === undefined
        ? 'payload is not RFC 8785 canonical JSON'
        : `at /${issue.path.map(String).join('/')}: ${issue.message}`;
    list.fail('schema', 'KPX_TRUST_LIST_INVALID', message);
    list.skipAll(later, 'schema invalid');
    return list.outcome<TrustList>(undefined, kid);
  }
  const trustList = schema.data;
  for (const [i, key] of trustList.keys.entries()) {
    if ((await jwkThumbprint(key.jwk)) !== key.kid) {
      list.fail(
        'schema',
        'KPX_TRUST_LIST_INVALID',
        `at /keys/${i}/kid: not the RFC 7638 thumbprint of the key`,
      );
      list.skipAll(later, 'schema invalid');
      return list.outcome<TrustList>(undefined, kid);
    }
  }
  list.pass(
    'schema',
    `${trustList.participants.length} Participants, ${trustList.authorities.length} authorities, ${trustList.keys.length} keys`,
  );

  if (options.minVersion !== undefined && trustList.version < options.minVersion) {
    list.fail(
      'version',
      'KPX_TRUST_LIST_ROLLBACK',
      `version ${trustList.version} is older than the ${options.minVersion} held`,
    );
  } else {
    list.pass('version', `version ${trustList.version}`);
  }

  const now = instantMs(options.now);
  const skew = options.maxSkewMs ?? 5 * 60 * 1000;
  if ((parseDateTime(trustList.issuedAt) ?? 0) > now + skew) {
    list.fail('freshness', 'KPX_TRUST_LIST_INVALID', `issued ${trustList.issuedAt}, in the future`);
  } else if (now > (parseDateTime(trustList.nextUpdate) ?? 0)) {
    list.fail('freshness', 'KPX_TRUST_LIST_STALE', `next update was due ${trustList.nextUpdate}`);
  } else {
    list.pass('freshness', `issued ${trustList.issuedAt}, next update ${trustList.nextUpdate}`);
  }
  return list.outcome(trustList, kid);
}
