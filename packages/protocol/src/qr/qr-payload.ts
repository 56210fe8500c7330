import type { Certificate, Directory, Problem, ValidationResult } from '@kpx/domain';
import { base64urlDecode, base64urlEncode, utf8 } from '../bytes.js';
import { decodeJwsPayload } from '../jws/compact-jws.js';
import type { SignatureAlg } from '../keys/jwk.js';
import { verifySafely, type Signer, type SignatureVerifier } from '../keys/signer.js';
import type { KeyResolver } from '../keys/trusted-key.js';
import { sha256 } from '../keys/web-crypto.js';
import { CheckList, type VerifyOutcome } from '../verification/check.js';
import { keyCheckNames, runKeyChecks } from '../verification/key-checks.js';
import { dayOf, instantMs, type Instant } from '../verification/time.js';
import { base45Decode, base45Encode } from './base45.js';
import { decodeCoseSign1, sigStructure, signCoseSign1, type CoseSign1 } from './cose-sign1.js';
import { claimsOf, decodeClaims, encodeClaims, type QrClaims } from './qr-claims.js';
import { zlibCompress, zlibDecompress } from './zlib.js';

/** Prefix of a kpx QR payload, version 1 of the claims table. */
export const qrPrefix = 'KP1:';

/** Longest QR text read: a version-40 QR code holds 4296 alphanumeric characters. */
export const maxQrLength = 4296;

/** A QR payload decoded, not verified. */
export type DecodedQr = { claims: QrClaims; alg: SignatureAlg; kid: string };

/**
 * Encodes the compact QR payload of a signed certificate: `KP1:` + base45(zlib(COSE_Sign1(CBOR
 * claims))), the shape of the EU digital COVID certificate. The COSE signature is by the same
 * signer (same key) as the certificate; the claims carry the SHA-256 of `signedJws`, so the QR
 * also vouches for the full document.
 *
 * @example
 * ```ts
 * const jws = await signCertificate(certificate, signer, { issuedAt });
 * const qr = await encodeQrPayload(certificate, jws, signer); // 'KP1:6BF…'
 * ```
 */
export async function encodeQrPayload(
  certificate: Certificate,
  signedJws: string,
  signer: Signer,
): Promise<string> {
  const payload = decodeJwsPayload(signedJws) as { iat?: unknown } | undefined;
  const iat = payload?.iat;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat))
    throw new TypeError('signedJws is not a signed kpx certificate');
  const digest = base64urlEncode(await sha256(utf8(signedJws)));
  const kid = base64urlDecode(signer.kid);
  if (kid === undefined) throw new TypeError('signer kid is not base64url');
  const cose = await signCoseSign1(encodeClaims(claimsOf(certificate, iat, digest)), kid, signer);
  return qrPrefix + base45Encode(zlibCompress(cose));
}

type Unpacked = { ok: true; cose: CoseSign1 } | { ok: false; message: string };

function unpack(text: unknown): Unpacked {
  if (typeof text !== 'string') return { ok: false, message: 'not a string' };
  if (text.length > maxQrLength)
    return { ok: false, message: `longer than ${maxQrLength} characters` };
  if (!text.startsWith(qrPrefix)) return { ok: false, message: `does not start with ${qrPrefix}` };
  const compressed = base45Decode(text.slice(qrPrefix.length));
  if (compressed === undefined) return { ok: false, message: 'not base45 (RFC 9285)' };
  const cose = zlibDecompress(compressed);
  if (cose === undefined)
    return { ok: false, message: 'not zlib data (RFC 1950) or checksum wrong' };
  const decoded = decodeCoseSign1(cose);
  return decoded.ok ? { ok: true, cose: decoded.value } : decoded;
}

function qrProblem(message: string, path = ''): Problem {
  return { code: 'KPX_QR_MALFORMED', path, message };
}

/**
 * Decodes a QR payload without verifying the signature. Never throws: a malformed payload
 * gives problems with code `KPX_QR_MALFORMED`.
 *
 * @example
 * ```ts
 * const decoded = decodeQrPayload(scanned);
 * if (decoded.ok) console.log(decoded.value.claims.number);
 * ```
 */
export function decodeQrPayload(text: string): ValidationResult<DecodedQr> {
  const unpacked = unpack(text);
  if (!unpacked.ok) return { ok: false, problems: [qrProblem(unpacked.message)] };
  const { alg, kid, payload } = unpacked.cose;
  const problems: Problem[] = [];
  if (alg === undefined)
    problems.push(
      qrProblem('protected header alg is not EdDSA (-8) or ES256 (-7)', '/protected/1'),
    );
  if (kid === undefined) problems.push(qrProblem('protected header has no kid', '/protected/4'));
  const decoded = decodeClaims(payload);
  problems.push(...decoded.problems.map((m) => qrProblem(m, '/payload')));
  if (
    problems.length > 0 ||
    decoded.claims === undefined ||
    alg === undefined ||
    kid === undefined
  ) {
    return { ok: false, problems };
  }
  return { ok: true, value: { claims: decoded.claims, alg, kid: base64urlEncode(kid) } };
}

/** Options of {@link verifyQrPayload}. */
export type VerifyQrOptions = {
  keys: KeyResolver;
  verifier: SignatureVerifier;
  now: Instant;
  /** When given, the claims must name a known authority of the exporting Participant. */
  directory?: Directory;
  /** See `verifyCertificate`: independent evidence of existence before a key's revocation. */
  evidenceBefore?: string;
  /** The full signed certificate, when at hand: its SHA-256 must be the claimed digest. */
  document?: string;
};

/** The checks of {@link verifyQrPayload}, in order. */
export const qrCheckNames = [
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'claims',
  'document',
] as const;

function checkClaims(
  list: CheckList,
  claims: QrClaims,
  today: string,
  options: VerifyQrOptions,
): void {
  const directory = options.directory;
  if (directory !== undefined) {
    const authority = directory.authority(claims.issuingAuthority);
    if (authority === undefined || authority.participant !== claims.exportingParticipant) {
      list.fail(
        'claims',
        'KPX_VALIDATION_FAILED',
        `${claims.issuingAuthority} is not an authority of ${claims.exportingParticipant}`,
      );
      return;
    }
    if (directory.participant(claims.importingParticipant) === undefined) {
      list.fail(
        'claims',
        'KPX_VALIDATION_FAILED',
        `${claims.importingParticipant} is not a KP Participant`,
      );
      return;
    }
  }
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(claims.issuedOn) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(claims.expiresOn)
  ) {
    list.fail('claims', 'KPX_QR_MALFORMED', 'issuedOn or expiresOn is not a date');
  } else if (claims.expiresOn < today) {
    list.fail(
      'claims',
      'KPX_CERTIFICATE_EXPIRED',
      `certificate ${claims.number} expired on ${claims.expiresOn}`,
    );
  } else {
    list.pass(
      'claims',
      `certificate ${claims.number}, ${claims.exportingParticipant} → ${claims.importingParticipant}, valid until ${claims.expiresOn}`,
    );
  }
}

/**
 * Verifies a QR payload offline: `format` (prefix, base45, zlib, COSE_Sign1), `header` (alg,
 * kid), the key checks (issuer = the claims' issuing authority, signing time = `iat`),
 * `signature` (RFC 9052 §4.4), `claims` (well-formed; with a directory, known authority and
 * Participants; not expired at `now`: `KPX_CERTIFICATE_EXPIRED`), `document` (with `document`,
 * its digest). Never throws on bad input.
 *
 * @throws TypeError only when `options.now` is not a date-time (a caller bug, not bad input).
 *
 * @example
 * ```ts
 * const outcome = await verifyQrPayload(scanned, { keys, verifier: webCryptoVerifier, now: new Date() });
 * ```
 */
export async function verifyQrPayload(
  text: string,
  options: VerifyQrOptions,
): Promise<VerifyOutcome<QrClaims>> {
  const today = dayOf(instantMs(options.now)); // throws on a bad clock value: a caller bug
  const list = new CheckList();
  const unpacked = unpack(text);
  if (!unpacked.ok) {
    list.fail('format', 'KPX_QR_MALFORMED', unpacked.message);
    list.skipAll(qrCheckNames.slice(1), 'format invalid');
    return list.outcome<QrClaims>(undefined, undefined);
  }
  list.pass('format', 'KP1 QR payload: base45, zlib, COSE_Sign1');
  const cose = unpacked.cose;
  const kid = cose.kid === undefined ? undefined : base64urlEncode(cose.kid);
  if (cose.alg === undefined) {
    list.fail(
      'header',
      'KPX_ALG_NOT_ALLOWED',
      `COSE alg ${String(cose.rawAlg)} is not EdDSA (-8) or ES256 (-7)`,
    );
  } else if (kid === undefined) {
    list.fail('header', 'KPX_QR_MALFORMED', 'protected header has no kid');
  } else if (cose.otherLabels.length > 0) {
    list.fail(
      'header',
      'KPX_QR_MALFORMED',
      `unsupported protected header labels ${cose.otherLabels.map(String).join(', ')}`,
    );
  } else {
    list.pass('header', `alg ${cose.alg}, kid ${kid}`);
  }
  if (cose.alg === undefined || kid === undefined || cose.otherLabels.length > 0) {
    list.skipAll([...keyCheckNames, 'signature', 'claims', 'document'], 'header invalid');
    return list.outcome<QrClaims>(undefined, kid);
  }
  const decoded = decodeClaims(cose.payload);
  const key = runKeyChecks(list, {
    kid,
    alg: cose.alg,
    keys: options.keys,
    claimedAuthority: decoded.claims?.issuingAuthority,
    authorityLabel: 'issuing authority',
    signingTimeMs:
      decoded.claims === undefined || decoded.claims.iat === 0
        ? undefined
        : decoded.claims.iat * 1000,
    revocation: { mode: 'evidence', evidenceBefore: options.evidenceBefore },
  });
  if (key === undefined) {
    list.skipAll(['signature', 'claims', 'document'], 'no key to check the signature with');
    return list.outcome<QrClaims>(undefined, kid);
  }
  const ok = await verifySafely(
    options.verifier,
    cose.alg,
    key.jwk,
    sigStructure(cose.protectedBytes, cose.payload),
    cose.signature,
  );
  if (!ok) {
    list.fail(
      'signature',
      'KPX_SIGNATURE_INVALID',
      `COSE signature does not verify with key ${kid}`,
    );
    list.skipAll(['claims', 'document'], 'signature invalid');
    return list.outcome<QrClaims>(undefined, kid);
  }
  list.pass('signature', `${cose.alg} COSE_Sign1 signature verifies with key ${kid}`);

  const claims = decoded.claims;
  if (claims === undefined || decoded.problems.length > 0) {
    list.fail('claims', 'KPX_QR_MALFORMED', decoded.problems.join('; '));
    list.skip('document', 'claims invalid');
    return list.outcome<QrClaims>(undefined, kid);
  }
  checkClaims(list, claims, today, options);

  if (options.document === undefined) {
    list.pass('document', 'no full document given to compare');
  } else if (base64urlEncode(await sha256(utf8(options.document))) !== claims.documentDigest) {
    list.fail('document', 'KPX_DIGEST_MISMATCH', 'the document given is not the one the QR names');
  } else {
    list.pass('document', 'the document given is the one the QR names');
  }
  return list.outcome(claims, kid);
}
