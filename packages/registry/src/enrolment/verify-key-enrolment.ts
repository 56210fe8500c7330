import type { KpxCode } from '@kpx/domain';
import {
  base64urlDecode,
  canonicalize,
  jwkThumbprint,
  notCheckedPrefix,
  signatureAlgs,
  utf8,
  utf8Decode,
  type Check,
  type Instant,
  type KeyResolver,
  type SignatureAlg,
  type SignatureVerifier,
  type TrustedKey,
  type VerifyOutcome,
} from '@kpx/protocol';
import { keyEnrolmentSchema, keyEnrolmentTyp, type KeyEnrolment } from './key-enrolment.js';

/** Options of {@link verifyKeyEnrolment}. */
export type VerifyKeyEnrolmentOptions = {
  /** Every key the registry lists (revoked and expired ones included). */
  keys: KeyResolver;
  verifier: SignatureVerifier;
  now: Instant;
  /** Tolerated clock skew for `requestedAt` in the future; default 5 minutes. */
  maxSkewMs?: number;
  /** Oldest acceptable `requestedAt`; default 1 hour. */
  maxAgeMs?: number;
};

/** The checks of {@link verifyKeyEnrolment}, in order. */
export const keyEnrolmentCheckNames = [
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'payload',
  'freshness',
] as const;

/** Longest enrolment request read (a JWK and a few dates fit in well under 2 KiB). */
export const maxEnrolmentLength = 16 * 1024;

type Parsed = {
  header: Record<string, unknown>;
  payload: unknown;
  payloadText: string;
  signingInput: Uint8Array;
  signature: Uint8Array;
};

function parse(jws: unknown): Parsed | string {
  if (typeof jws !== 'string') return 'not a string';
  if (jws.length > maxEnrolmentLength) return `longer than ${maxEnrolmentLength} characters`;
  const parts = jws.split('.');
  if (parts.length !== 3) return `compact JWS has 3 parts, this has ${parts.length}`;
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = base64urlDecode(h);
  const payloadBytes = base64urlDecode(p);
  const signature = base64urlDecode(s);
  if (headerBytes === undefined || payloadBytes === undefined || signature === undefined) {
    return 'a part is not base64url';
  }
  const headerText = utf8Decode(headerBytes);
  const payloadText = utf8Decode(payloadBytes);
  if (headerText === undefined || payloadText === undefined) return 'a part is not UTF-8';
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(headerText);
    payload = JSON.parse(payloadText);
  } catch {
    return 'header or payload is not JSON';
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return 'header is not a JSON object';
  }
  return {
    header: header as Record<string, unknown>,
    payload,
    payloadText,
    signingInput: utf8(`${h}.${p}`),
    signature,
  };
}

function isCanonical(payload: unknown, text: string): boolean {
  try {
    return canonicalize(payload) === text;
  } catch {
    return false;
  }
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function ms(instant: Instant): number {
  return typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}

/**
 * Verifies a `kpx-key-enrolment+jwt`: `format`; `header` (alg EdDSA or ES256, the typ, a kid, no
 * `crit`); `key-known` (the signing key is listed); `key-authority` (it belongs to the authority
 * named in the payload); `key-valid-at-signing` (at `requestedAt`); `key-not-revoked` (any
 * revocation fails: a revoked key vouches for nothing); `signature`; `payload` (the schema,
 * canonical JSON, `kid` the thumbprint of `jwk`, not the signing key itself); `freshness`
 * (`requestedAt` not in the future beyond the skew, not older than `maxAgeMs`). Every check is
 * reported, in order; the first failing one is the cause. Never throws on bad input.
 *
 * Whether the signing key is the authority's *current* key (not superseded by a rotation) is the
 * registry's own state and is checked by the registry after this.
 */
export async function verifyKeyEnrolment(
  jws: unknown,
  options: VerifyKeyEnrolmentOptions,
): Promise<VerifyOutcome<KeyEnrolment>> {
  const checks: Check[] = [];
  const names = keyEnrolmentCheckNames;
  const pass = (check: string, message: string): void => {
    checks.push({ check, ok: true, message });
  };
  const fail = (check: string, code: KpxCode, message: string): void => {
    checks.push({ check, ok: false, code, message });
  };
  const skipFrom = (first: string, reason: string): void => {
    for (const name of names.slice(names.indexOf(first as (typeof names)[number]))) {
      checks.push({ check: name, ok: false, message: notCheckedPrefix + reason });
    }
  };
  const done = (value?: KeyEnrolment, kid?: string): VerifyOutcome<KeyEnrolment> => {
    const valid = checks.length === names.length && checks.every((c) => c.ok);
    const out: VerifyOutcome<KeyEnrolment> = { valid, checks };
    if (valid && value !== undefined) out.value = value;
    if (kid !== undefined) out.kid = kid;
    return out;
  };

  const parsed = parse(jws);
  if (typeof parsed === 'string') {
    fail('format', 'KPX_JWS_MALFORMED', parsed);
    skipFrom('header', 'format invalid');
    return done();
  }
  pass('format', 'compact JWS');

  const { header, payload } = parsed;
  const { alg, kid } = header;
  if (typeof alg !== 'string' || !(signatureAlgs as readonly string[]).includes(alg)) {
    fail('header', 'KPX_ALG_NOT_ALLOWED', `alg ${JSON.stringify(alg) ?? 'missing'} is not allowed`);
  } else if (header.typ !== keyEnrolmentTyp) {
    fail(
      'header',
      'KPX_TYP_INVALID',
      `typ is ${JSON.stringify(header.typ) ?? 'missing'}, expected ${keyEnrolmentTyp}`,
    );
  } else if (typeof kid !== 'string' || kid.length === 0) {
    fail('header', 'KPX_JWS_MALFORMED', 'kid is missing');
  } else if ('crit' in header || 'b64' in header) {
    fail('header', 'KPX_JWS_MALFORMED', 'critical or b64 header parameters are not supported');
  } else {
    pass('header', `alg ${alg}, typ ${keyEnrolmentTyp}, kid ${kid}`);
  }
  if (checks.at(-1)?.ok !== true || typeof kid !== 'string') {
    skipFrom('key-known', 'header invalid');
    return done(undefined, typeof kid === 'string' ? kid : undefined);
  }

  const key: TrustedKey | undefined = options.keys(kid);
  if (key === undefined) {
    fail('key-known', 'KPX_KEY_UNKNOWN', `no listed key has kid ${kid}`);
    skipFrom('key-authority', 'key unknown');
    return done(undefined, kid);
  }
  if (key.alg !== (alg as SignatureAlg)) {
    fail(
      'key-known',
      'KPX_ALG_NOT_ALLOWED',
      `key ${kid} is for ${key.alg}, the header says ${alg}`,
    );
    skipFrom('key-authority', 'key not usable with this algorithm');
    return done(undefined, kid);
  }
  pass('key-known', `key ${kid} of ${key.authority}`);

  const claimed = member(payload, 'authority');
  if (typeof claimed !== 'string') {
    fail('key-authority', 'KPX_KEY_AUTHORITY_MISMATCH', 'the request names no authority');
  } else if (claimed !== key.authority) {
    fail(
      'key-authority',
      'KPX_KEY_AUTHORITY_MISMATCH',
      `key ${kid} belongs to ${key.authority}, the request is for ${claimed}`,
    );
  } else {
    pass('key-authority', `key belongs to ${key.authority}, the requesting authority`);
  }

  const requestedText = member(payload, 'requestedAt');
  const requestedAt = typeof requestedText === 'string' ? Date.parse(requestedText) : NaN;
  const from = Date.parse(key.validFrom);
  const to = key.validTo === undefined ? Infinity : Date.parse(key.validTo);
  if (!Number.isFinite(requestedAt)) {
    fail(
      'key-valid-at-signing',
      'KPX_PAYLOAD_INVALID',
      'the request carries no readable requestedAt',
    );
  } else if (requestedAt < from) {
    fail('key-valid-at-signing', 'KPX_KEY_NOT_YET_VALID', `key ${kid} valid from ${key.validFrom}`);
  } else if (requestedAt > to) {
    fail('key-valid-at-signing', 'KPX_KEY_EXPIRED', `key ${kid} valid until ${key.validTo ?? ''}`);
  } else {
    pass('key-valid-at-signing', `requested ${String(requestedText)}, within the key's validity`);
  }

  if (key.revokedAt !== undefined) {
    const reason = key.revocationReason === undefined ? '' : ` (${key.revocationReason})`;
    fail('key-not-revoked', 'KPX_KEY_REVOKED', `key ${kid} revoked ${key.revokedAt}${reason}`);
  } else {
    pass('key-not-revoked', 'key not revoked');
  }

  // A verifier adapter that throws counts as a failed verification, never as a crash.
  const signed = await Promise.resolve()
    .then(() => options.verifier.verify(key.alg, key.jwk, parsed.signingInput, parsed.signature))
    .then(
      (ok) => ok === true,
      () => false,
    );
  if (!signed) {
    fail('signature', 'KPX_SIGNATURE_INVALID', `signature does not verify with key ${kid}`);
    skipFrom('payload', 'signature invalid');
    return done(undefined, kid);
  }
  pass('signature', `${key.alg} signature verifies with key ${kid}`);

  const shape = keyEnrolmentSchema.safeParse(payload);
  const canonical = isCanonical(payload, parsed.payloadText);
  let enrolment: KeyEnrolment | undefined;
  if (!shape.success) {
    const issue = shape.error.issues[0];
    fail(
      'payload',
      'KPX_PAYLOAD_INVALID',
      `at /${issue?.path.map(String).join('/') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  } else if (!canonical) {
    fail('payload', 'KPX_PAYLOAD_INVALID', 'payload is not RFC 8785 canonical JSON');
  } else if ((await jwkThumbprint(shape.data.jwk)) !== shape.data.kid) {
    fail('payload', 'KPX_PAYLOAD_INVALID', 'kid is not the RFC 7638 thumbprint of jwk');
  } else if (shape.data.kid === kid) {
    fail('payload', 'KPX_PAYLOAD_INVALID', 'the new key is the signing key itself');
  } else {
    enrolment = shape.data;
    pass('payload', `new key ${enrolment.kid} for ${enrolment.authority}`);
  }
  if (enrolment === undefined) {
    skipFrom('freshness', 'payload invalid');
    return done(undefined, kid);
  }

  const now = ms(options.now);
  const skew = options.maxSkewMs ?? 5 * 60_000;
  const maxAge = options.maxAgeMs ?? 60 * 60_000;
  if (requestedAt > now + skew) {
    fail(
      'freshness',
      'KPX_MESSAGE_FROM_FUTURE',
      `requested ${enrolment.requestedAt}, in the future`,
    );
  } else if (requestedAt < now - maxAge) {
    fail('freshness', 'KPX_MESSAGE_TOO_OLD', `requested ${enrolment.requestedAt}, too long ago`);
  } else {
    pass('freshness', `requested ${enrolment.requestedAt}`);
  }
  return done(enrolment, kid);
}
