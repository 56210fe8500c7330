import type { KeyResolver, TrustedKey } from '../keys/trusted-key.js';
import { signatureAlgs, type SignatureAlg } from '../keys/jwk.js';
import { verifySafely, type SignatureVerifier } from '../keys/signer.js';
import type { CheckList } from '../verification/check.js';
import { keyCheckNames, runKeyChecks, type RevocationPolicy } from '../verification/key-checks.js';
import { parseCompactJws, type ParsedJws } from './compact-jws.js';

export type JwsCheckSpec = {
  typ: string;
  keys: KeyResolver;
  verifier: SignatureVerifier;
  /** Reads the claimed authority out of the (not yet verified) payload; see `runKeyChecks`. */
  claimedAuthority: (payload: unknown) => string | undefined | null;
  authorityLabel: string;
  /** Reads the claimed signing time (epoch ms) out of the payload. */
  signingTime: (payload: unknown) => number | undefined;
  revocation: RevocationPolicy;
  /** Names of the checks the caller adds after `signature`, skipped when it cannot run them. */
  laterChecks: readonly string[];
};

export type JwsCheckResult =
  | { verified: true; parsed: ParsedJws; key: TrustedKey; kid: string }
  | { verified: false; kid?: string };

/** The checks before `signature` that read the token itself. */
export const structureCheckNames = ['format', 'header'] as const;

/**
 * Validates the protected header (RFC 7515 §4.1): `alg` one of ours (so `none` and HMAC are
 * refused, RFC 8725 §3.1), `typ` the expected media type (RFC 8725 §3.11), `kid` present, and no
 * `crit` (RFC 7515 §4.1.11: we implement no extensions, so any critical one must be refused).
 */
export function checkHeader(
  list: CheckList,
  header: Record<string, unknown>,
  typ: string,
): { alg: SignatureAlg; kid: string } | undefined {
  const { alg, kid } = header;
  if (typeof alg !== 'string' || !(signatureAlgs as readonly string[]).includes(alg)) {
    list.fail(
      'header',
      'KPX_ALG_NOT_ALLOWED',
      `alg ${JSON.stringify(alg) ?? 'missing'} is not one of ${signatureAlgs.join(', ')}`,
    );
    return undefined;
  }
  if (header.typ !== typ) {
    list.fail(
      'header',
      'KPX_TYP_INVALID',
      `typ is ${JSON.stringify(header.typ) ?? 'missing'}, expected ${typ}`,
    );
    return undefined;
  }
  if (typeof kid !== 'string' || kid.length === 0) {
    list.fail('header', 'KPX_JWS_MALFORMED', 'kid is missing');
    return undefined;
  }
  if ('crit' in header || 'b64' in header) {
    list.fail('header', 'KPX_JWS_MALFORMED', 'critical or b64 header parameters are not supported');
    return undefined;
  }
  list.pass('header', `alg ${alg}, typ ${typ}, kid ${kid}`);
  return { alg: alg as SignatureAlg, kid };
}

/**
 * Runs `format`, `header`, the key checks and `signature` on a compact JWS, appending to
 * `list`. Later checks that cannot run are reported as not checked.
 */
export async function runJwsChecks(
  list: CheckList,
  jws: unknown,
  spec: JwsCheckSpec,
): Promise<JwsCheckResult> {
  const parsed = parseCompactJws(jws);
  if (!parsed.ok) {
    list.fail('format', 'KPX_JWS_MALFORMED', parsed.message);
    list.skipAll(['header', ...keyCheckNames, 'signature', ...spec.laterChecks], 'format invalid');
    return { verified: false };
  }
  list.pass('format', 'compact JWS');
  const { header, payload } = parsed.value;
  const fromHeader = checkHeader(list, header, spec.typ);
  if (fromHeader === undefined) {
    list.skipAll([...keyCheckNames, 'signature', ...spec.laterChecks], 'header invalid');
    return typeof header.kid === 'string'
      ? { verified: false, kid: header.kid }
      : { verified: false };
  }
  const { alg, kid } = fromHeader;
  const key = runKeyChecks(list, {
    kid,
    alg,
    keys: spec.keys,
    claimedAuthority: spec.claimedAuthority(payload),
    authorityLabel: spec.authorityLabel,
    signingTimeMs: spec.signingTime(payload),
    revocation: spec.revocation,
  });
  if (key === undefined) {
    list.skipAll(['signature', ...spec.laterChecks], 'no key to check the signature with');
    return { verified: false, kid };
  }
  // A verifier adapter that throws is treated as a failed verification, never as a crash.
  const ok = await verifySafely(
    spec.verifier,
    alg,
    key.jwk,
    parsed.value.signingInput,
    parsed.value.signature,
  );
  if (!ok) {
    list.fail('signature', 'KPX_SIGNATURE_INVALID', `signature does not verify with key ${kid}`);
    list.skipAll(spec.laterChecks, 'signature invalid');
    return { verified: false, kid };
  }
  list.pass('signature', `${alg} signature verifies with key ${kid}`);
  return { verified: true, parsed: parsed.value, key, kid };
}

/** Reads a string member of an object, or `undefined`. */
export function stringMember(value: unknown, ...path: string[]): string | undefined {
  let at: unknown = value;
  for (const name of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return typeof at === 'string' ? at : undefined;
}
