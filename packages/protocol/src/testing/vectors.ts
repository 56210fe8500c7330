// TEST ONLY: builds the published test vectors (spec/vectors/*.json) from the fixed keys, times
// and documents of fixtures.ts. Deterministic: Ed25519 is (RFC 8032 §5.1.6), and ES256 vectors
// are signed with RFC 6979 deterministic ECDSA. `scripts/generate-vectors.mjs` writes the files;
// a test fails when they drift from what this builds.
import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '../bytes.js';
import { toCredential } from '../certificate/credential.js';
import { signCertificate } from '../certificate/sign-certificate.js';
import { envelopeDigest, signEnvelope } from '../envelope/sign-envelope.js';
import type { Envelope } from '../envelope/envelope.js';
import { uuidv7 } from '../envelope/uuidv7.js';
import { jwkThumbprint, publicJwkOf, type PrivateJwk } from '../keys/jwk.js';
import type { Signer } from '../keys/signer.js';
import { createWebCryptoSigner } from '../keys/web-crypto.js';
import { encodeQrPayload } from '../qr/qr-payload.js';
import { base45Decode, base45Encode } from '../qr/base45.js';
import { zlibCompress, zlibDecompress } from '../qr/zlib.js';
import { signReceipt } from '../receipt/sign-receipt.js';
import type { Receipt } from '../receipt/receipt.js';
import { endorseListKey } from '../trust-list/list-key-endorsement.js';
import { signTrustList } from '../trust-list/sign-trust-list.js';
import { decode, encode, Tag } from 'cbor2';
import { testCertificate, testPrivateKeys, testTimes } from './fixtures.js';
import { testTrustedKeys } from './keys.js';
import { createRfc6979Signer } from './rfc6979-signer.js';
import { testListKeyValidity, testTrustList } from './trust-list.js';

/** What a verifier must conclude about a vector. `signatureValid` is null when no signature check can run. */
export type VectorExpectation =
  | { valid: true; signatureValid: true; kid: string; value?: unknown }
  | { valid: false; failedCheck: string; code: string; signatureValid: boolean | null };

/** One vector: an input, the verifier options, and the expected outcome. */
export type VectorCase = {
  name: string;
  description: string;
  input: string;
  options: Record<string, unknown>;
  expected: VectorExpectation;
};

/** A vector file. */
export type VectorFile = { description: string; verifier: string; cases: VectorCase[] };

const keyNames: Record<keyof typeof testPrivateKeys, string> = {
  ruMinfinEd25519: 'ru-minfin-ed25519',
  ruMinfinEs256: 'ru-minfin-es256',
  ruMinfinExpired: 'ru-minfin-expired',
  ruMinfinRevoked: 'ru-minfin-revoked',
  euAntwerpEd25519: 'eu-antwerp-ed25519',
  registryRoot: 'registry-root',
  registryList: 'registry-list',
};

async function signerFor(jwk: PrivateJwk): Promise<Signer> {
  return jwk.kty === 'EC' ? createRfc6979Signer(jwk) : createWebCryptoSigner(jwk);
}

function parts(jws: string): [string, string, string] {
  return jws.split('.') as [string, string, string];
}

function editSegment(
  jws: string,
  index: 0 | 1,
  edit: (value: Record<string, unknown>) => void,
): string {
  const segments = parts(jws);
  const value = JSON.parse(utf8Decode(base64urlDecode(segments[index])!)!) as Record<
    string,
    unknown
  >;
  edit(value);
  segments[index] = base64urlEncode(utf8(JSON.stringify(value)));
  return segments.join('.');
}

function withSignature(jws: string, signature: Uint8Array): string {
  const [h, p] = parts(jws);
  return `${h}.${p}.${base64urlEncode(signature)}`;
}

const ok = (kid: string, value?: unknown): VectorExpectation =>
  value === undefined
    ? { valid: true, signatureValid: true, kid }
    : { valid: true, signatureValid: true, kid, value };
const bad = (
  failedCheck: string,
  code: string,
  signatureValid: boolean | null,
): VectorExpectation => ({
  valid: false,
  failedCheck,
  code,
  signatureValid,
});

/** Builds every vector file, by file name. */
export async function buildVectors(): Promise<Record<string, unknown>> {
  const k = testPrivateKeys;
  const s = {
    ru: await signerFor(k.ruMinfinEd25519),
    ruEs: await signerFor(k.ruMinfinEs256),
    ruExpired: await signerFor(k.ruMinfinExpired),
    ruRevoked: await signerFor(k.ruMinfinRevoked),
    eu: await signerFor(k.euAntwerpEd25519),
    root: await signerFor(k.registryRoot),
    list: await signerFor(k.registryList),
  };
  const trusted = await testTrustedKeys();
  const now = testTimes.verifyAt;
  const issuedAt = testTimes.issuedAt;

  // keys.json
  const keys = {
    warning: 'TEST ONLY. These private keys are published: never trust them for anything real.',
    authorityKeys: await Promise.all(
      (Object.keys(keyNames) as (keyof typeof keyNames)[])
        .filter((name) => name !== 'registryRoot' && name !== 'registryList')
        .map(async (name) => {
          const kid = await jwkThumbprint(k[name]);
          return {
            name: keyNames[name],
            privateJwk: k[name],
            trusted: trusted.find((t) => t.kid === kid),
          };
        }),
    ),
    registry: {
      root: {
        name: keyNames.registryRoot,
        privateJwk: k.registryRoot,
        publicJwk: publicJwkOf(k.registryRoot),
        kid: s.root.kid,
      },
      listKey: {
        name: keyNames.registryList,
        privateJwk: k.registryList,
        publicJwk: publicJwkOf(k.registryList),
        kid: s.list.kid,
        ...testListKeyValidity,
      },
    },
  };

  // certificates.json
  const earlier = {
    ...testCertificate,
    number: 'RU-2026-000100',
    issuedOn: '2026-02-09',
    expiresOn: '2026-05-09',
  };
  const cert = await signCertificate(testCertificate, s.ru, { issuedAt });
  const certEs = await signCertificate(testCertificate, s.ruEs, { issuedAt });
  const certOptions = { now };
  const certificateCases: VectorCase[] = [
    {
      name: 'valid-eddsa',
      description: 'A certificate signed with Ed25519.',
      input: cert,
      options: certOptions,
      expected: ok(s.ru.kid, testCertificate),
    },
    {
      name: 'valid-es256',
      description: 'The same certificate signed with ES256 (RFC 6979 deterministic).',
      input: certEs,
      options: certOptions,
      expected: ok(s.ruEs.kid, testCertificate),
    },
    {
      name: 'payload-changed',
      description: 'parcels changed from 4 to 5 after signing.',
      input: editSegment(cert, 1, (p) => {
        (p.credentialSubject as { parcels: number }).parcels = 5;
      }),
      options: certOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'payload-changed-es256',
      description: 'ES256: valueUsd of the first line changed after signing.',
      input: editSegment(certEs, 1, (p) => {
        (p.credentialSubject as { items: { valueUsd: string }[] }).items[0]!.valueUsd = '98001.00';
      }),
      options: certOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'alg-none',
      description: 'Header alg changed to "none".',
      input: editSegment(cert, 0, (h) => {
        h.alg = 'none';
      }),
      options: certOptions,
      expected: bad('header', 'KPX_ALG_NOT_ALLOWED', null),
    },
    {
      name: 'alg-hs256',
      description: 'Header alg changed to "HS256" (the HMAC-with-public-key confusion).',
      input: editSegment(cert, 0, (h) => {
        h.alg = 'HS256';
      }),
      options: certOptions,
      expected: bad('header', 'KPX_ALG_NOT_ALLOWED', null),
    },
    {
      name: 'typ-wrong',
      description: 'Header typ changed to "JWT".',
      input: editSegment(cert, 0, (h) => {
        h.typ = 'JWT';
      }),
      options: certOptions,
      expected: bad('header', 'KPX_TYP_INVALID', null),
    },
    {
      name: 'kid-unknown',
      description: 'Header kid changed to a key nobody trusts.',
      input: editSegment(cert, 0, (h) => {
        h.kid = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      }),
      options: certOptions,
      expected: bad('key-known', 'KPX_KEY_UNKNOWN', null),
    },
    {
      name: 'signature-truncated',
      description: 'Signature cut to its first 32 bytes.',
      input: withSignature(cert, base64urlDecode(parts(cert)[2])!.subarray(0, 32)),
      options: certOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'signature-other-key',
      description: "Signature replaced by EU-BE-ANTWERP's signature over the same signing input.",
      input: withSignature(cert, await s.eu.sign(utf8(parts(cert).slice(0, 2).join('.')))),
      options: certOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'key-of-other-authority',
      description: 'Correctly signed, but by a key of EU-BE-ANTWERP, not of the issuing authority.',
      input: await signCertificate(testCertificate, s.eu, { issuedAt }),
      options: certOptions,
      expected: bad('key-authority', 'KPX_KEY_AUTHORITY_MISMATCH', true),
    },
    {
      name: 'key-expired',
      description: 'Signed (iat 2026-03-02) with a key valid only until 2026-01-31.',
      input: await signCertificate(testCertificate, s.ruExpired, { issuedAt }),
      options: certOptions,
      expected: bad('key-valid-at-signing', 'KPX_KEY_EXPIRED', true),
    },
    {
      name: 'key-revoked',
      description:
        'Signed with a key revoked for compromise on 2026-02-15; no independent evidence.',
      input: await signCertificate(testCertificate, s.ruRevoked, { issuedAt }),
      options: certOptions,
      expected: bad('key-not-revoked', 'KPX_KEY_REVOKED', true),
    },
    {
      name: 'key-revoked-with-evidence',
      description:
        'Certificate RU-2026-000100 signed 2026-02-09 with the key revoked on 2026-02-15; a receipt shows it existed on 2026-02-10, before the revocation.',
      input: await signCertificate(earlier, s.ruRevoked, { issuedAt: '2026-02-09T09:00:00Z' }),
      options: { now, evidenceBefore: '2026-02-10T00:00:00Z' },
      expected: ok(s.ruRevoked.kid, earlier),
    },
    {
      name: 'payload-not-canonical',
      description: 'Correctly signed, but the payload is JSON.stringify output, not RFC 8785.',
      input: await (async () => {
        const [h] = parts(cert);
        const input = `${h}.${base64urlEncode(utf8(JSON.stringify(toCredential(testCertificate, Date.parse(issuedAt) / 1000))))}`;
        return `${input}.${base64urlEncode(await s.ru.sign(utf8(input)))}`;
      })(),
      options: certOptions,
      expected: bad('payload', 'KPX_PAYLOAD_INVALID', true),
    },
    {
      name: 'expired-certificate',
      description: 'Valid signature, verified after the certificate expired (2026-05-31).',
      input: cert,
      options: { now: '2026-06-01T08:00:00Z' },
      expected: bad('schema', 'KPX_VALIDATION_FAILED', true),
    },
  ];

  // envelopes.json
  const envelope: Envelope = {
    id: uuidv7(
      Date.parse(testTimes.envelopeCreatedAt),
      Uint8Array.from([0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f]),
    ),
    type: 'certificate.issued',
    from: 'RU-MINFIN',
    to: 'EU-BE-ANTWERP',
    createdAt: testTimes.envelopeCreatedAt,
    body: { certificate: cert },
  };
  const env = await signEnvelope(envelope, s.ru);
  const envOptions = { now: '2026-03-02T09:00:06Z', expectedTo: 'EU-BE-ANTWERP' };
  const envelopeCases: VectorCase[] = [
    {
      name: 'valid',
      description: 'certificate.issued from RU-MINFIN to EU-BE-ANTWERP.',
      input: env,
      options: envOptions,
      expected: ok(s.ru.kid, envelope),
    },
    {
      name: 'misaddressed',
      description: 'Verified by BY-MINFIN, not the addressee.',
      input: env,
      options: { ...envOptions, expectedTo: 'BY-MINFIN' },
      expected: bad('addressee', 'KPX_MESSAGE_MISADDRESSED', true),
    },
    {
      name: 'from-future',
      description: 'Received 10 minutes before createdAt (default skew: 5 minutes).',
      input: env,
      options: { ...envOptions, now: '2026-03-02T08:50:05Z' },
      expected: bad('freshness', 'KPX_MESSAGE_FROM_FUTURE', true),
    },
    {
      name: 'too-old',
      description: 'Received 401 days after createdAt (default maximum age: 400 days).',
      input: env,
      options: { ...envOptions, now: '2027-04-07T09:00:05Z' },
      expected: bad('freshness', 'KPX_MESSAGE_TOO_OLD', true),
    },
    {
      name: 'payload-changed',
      description: 'to changed to BY-MINFIN after signing.',
      input: editSegment(env, 1, (p) => {
        p.to = 'BY-MINFIN';
      }),
      options: { ...envOptions, expectedTo: 'BY-MINFIN' },
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'from-other-authority',
      description: 'Claims to come from BY-MINFIN but is signed with a RU-MINFIN key.',
      input: await signEnvelope({ ...envelope, from: 'BY-MINFIN' }, s.ru),
      options: envOptions,
      expected: bad('key-authority', 'KPX_KEY_AUTHORITY_MISMATCH', true),
    },
    {
      name: 'key-revoked',
      description:
        'Signed with a revoked key: envelopes are live messages, any revocation refuses them.',
      input: await signEnvelope(envelope, s.ruRevoked),
      options: envOptions,
      expected: bad('key-not-revoked', 'KPX_KEY_REVOKED', true),
    },
    {
      name: 'typ-certificate',
      description: 'A vc+jwt presented as an envelope.',
      input: cert,
      options: envOptions,
      expected: bad('header', 'KPX_TYP_INVALID', null),
    },
  ];

  // receipts.json
  const digest = await envelopeDigest(env);
  const receipt: Receipt = {
    messageId: envelope.id,
    digest,
    receivedAt: testTimes.receivedAt,
    result: 'accepted',
  };
  const rec = await signReceipt(receipt, s.eu);
  const rejected: Receipt = { ...receipt, result: 'rejected', code: 'KPX_VALIDATION_FAILED' };
  const receiptOptions = { expectedDigest: digest, expectedAuthority: 'EU-BE-ANTWERP' };
  const receiptCases: VectorCase[] = [
    {
      name: 'valid',
      description:
        'EU-BE-ANTWERP accepts the envelope of envelopes.json#valid; digest = base64url(SHA-256(envelope text)).',
      input: rec,
      options: receiptOptions,
      expected: ok(s.eu.kid, receipt),
    },
    {
      name: 'valid-rejected',
      description: 'A signed rejection with a code.',
      input: await signReceipt(rejected, s.eu),
      options: receiptOptions,
      expected: ok(s.eu.kid, rejected),
    },
    {
      name: 'digest-mismatch',
      description: 'A receipt for other bytes than those sent.',
      input: await signReceipt({ ...receipt, digest: await envelopeDigest(`${env} `) }, s.eu),
      options: receiptOptions,
      expected: bad('digest', 'KPX_DIGEST_MISMATCH', true),
    },
    {
      name: 'not-from-addressee',
      description: 'Signed by RU-MINFIN, not by the addressee.',
      input: await signReceipt(receipt, s.ru),
      options: receiptOptions,
      expected: bad('key-authority', 'KPX_KEY_AUTHORITY_MISMATCH', true),
    },
    {
      name: 'result-changed',
      description: 'result changed from accepted to rejected after signing.',
      input: editSegment(rec, 1, (p) => {
        p.result = 'rejected';
      }),
      options: receiptOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
  ];

  // trust-lists.json
  const listValue = await testTrustList(7);
  const endorsement = await endorseListKey(
    { jwk: publicJwkOf(k.registryList), ...testListKeyValidity },
    s.root,
  );
  const tl = await signTrustList(listValue, s.list, endorsement);
  const tlOptions = { now, minVersion: 7 };
  const trustListCases: VectorCase[] = [
    {
      name: 'valid',
      description: 'Version 7, signed by the list key the root endorsed.',
      input: tl,
      options: tlOptions,
      expected: ok(s.list.kid, listValue),
    },
    {
      name: 'rollback',
      description: 'The node already holds version 8.',
      input: tl,
      options: { ...tlOptions, minVersion: 8 },
      expected: bad('version', 'KPX_TRUST_LIST_ROLLBACK', true),
    },
    {
      name: 'stale',
      description: 'Verified after nextUpdate.',
      input: tl,
      options: { ...tlOptions, now: '2026-03-08T00:00:01Z' },
      expected: bad('freshness', 'KPX_TRUST_LIST_STALE', true),
    },
    {
      name: 'not-endorsed',
      description: 'Signed by a key the root never endorsed, with the real endorsement attached.',
      input: await signTrustList(listValue, s.eu, endorsement),
      options: tlOptions,
      expected: bad('endorsement', 'KPX_TRUST_LIST_INVALID', null),
    },
    {
      name: 'payload-changed',
      description: 'version raised to 8 after signing.',
      input: editSegment(tl, 1, (p) => {
        p.version = 8;
      }),
      options: tlOptions,
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
  ];

  // qr.json
  const qr = await encodeQrPayload(testCertificate, cert, s.ru);
  const qrEs = await encodeQrPayload(testCertificate, certEs, s.ruEs);
  const qrTampered = (() => {
    const cose = decode(zlibDecompress(base45Decode(qr.slice(4))!)!, {
      ignoreGlobalTags: true,
      preferMap: true,
    }) as Tag;
    const [prot, unprot, payload, signature] = cose.contents as [
      Uint8Array,
      Map<number, unknown>,
      Uint8Array,
      Uint8Array,
    ];
    const claims = decode(payload, { preferMap: true }) as Map<number, unknown>;
    claims.set(9, 40); // parcels
    const changed = encode(new Tag(18, [prot, unprot, encode(claims, { cde: true }), signature]));
    return `KP1:${base45Encode(zlibCompress(changed))}`;
  })();
  const qrOptions = { now, document: cert };
  const qrCases: VectorCase[] = [
    {
      name: 'valid-eddsa',
      description: 'QR of certificates.json#valid-eddsa, with that document to compare.',
      input: qr,
      options: qrOptions,
      expected: ok(s.ru.kid),
    },
    {
      name: 'valid-es256',
      description: 'QR of certificates.json#valid-es256.',
      input: qrEs,
      options: { now, document: certEs },
      expected: ok(s.ruEs.kid),
    },
    {
      name: 'claims-changed',
      description: 'parcels (claim 9) changed to 40 after signing.',
      input: qrTampered,
      options: { now },
      expected: bad('signature', 'KPX_SIGNATURE_INVALID', false),
    },
    {
      name: 'other-document',
      description: 'Valid QR compared with another document (the ES256 one).',
      input: qr,
      options: { now, document: certEs },
      expected: bad('document', 'KPX_DIGEST_MISMATCH', true),
    },
    {
      name: 'expired',
      description: 'Checked after expiresOn.',
      input: qr,
      options: { now: '2026-06-01T08:00:00Z' },
      expected: bad('claims', 'KPX_CERTIFICATE_EXPIRED', true),
    },
    {
      name: 'bad-prefix',
      description: 'Wrong prefix.',
      input: `KP2:${qr.slice(4)}`,
      options: { now },
      expected: bad('format', 'KPX_QR_MALFORMED', null),
    },
  ];

  const common =
    'Keys: keys.json (authorityKeys[].trusted); directory: the participants and authorities of trust-lists.json#valid.';
  return {
    'keys.json': keys,
    'certificates.json': {
      description: `Signed certificates (vc+jwt). verifyCertificate(input, { keys, directory, now, evidenceBefore? }). ${common}`,
      verifier: 'verifyCertificate',
      cases: certificateCases,
    },
    'envelopes.json': {
      description: `Envelopes (kpx-message+jwt). verifyEnvelope(input, { keys, now, expectedTo }). ${common}`,
      verifier: 'verifyEnvelope',
      cases: envelopeCases,
    },
    'receipts.json': {
      description: `Receipts (kpx-receipt+jwt) for envelopes.json#valid. verifyReceipt(input, { keys, expectedDigest, expectedAuthority }). ${common}`,
      verifier: 'verifyReceipt',
      cases: receiptCases,
    },
    'trust-lists.json': {
      description:
        'Trust lists (kpx-trust-list+jwt). verifyTrustList(input, { rootKey: keys.json#registry.root.publicJwk, now, minVersion }).',
      verifier: 'verifyTrustList',
      cases: trustListCases,
    },
    'qr.json': {
      description: `QR payloads (KP1:). verifyQrPayload(input, { keys, now, directory, document? }). ${common}`,
      verifier: 'verifyQrPayload',
      cases: qrCases,
    },
  } satisfies Record<string, unknown>;
}
