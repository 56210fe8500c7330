// Certificate sign and verify per second beside raw node:crypto Ed25519 sign/verify of the same
// bytes, measured in the same run (issue "Foundation": goal ≥ 70 % of the raw rates).
// verify = signature + parse + schema validation + key lookup, as the node does on receipt.
import {
  createPrivateKey,
  createPublicKey,
  sign as rawSign,
  verify as rawVerify,
} from 'node:crypto';
import { buildCertificate, defaultDirectory, sampleDraft } from '@kpx/domain';
import {
  generateKeyPair,
  keyResolverFromKeys,
  signCertificate,
  verifyCertificate,
  utf8,
} from '@kpx/protocol';
import { createNodeSigner, nodeVerifier } from '@kpx/protocol/node';
import { ratesSideBySide, record } from './lib.mjs';

/**
 * A sample certificate, a signer and a verifier as the node has them: `sign()` and `verify()`
 * are the per-document issue and verify steps (verify = signature + parse + schema + key).
 */
export async function certificateFixture() {
  const { privateJwk, publicJwk, kid } = await generateKeyPair('EdDSA');
  const certificate = buildCertificate(sampleDraft, {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    number: 'RU-2026-000001',
    issuedOn: '2026-11-20',
  });
  const signer = createNodeSigner(privateJwk);
  const issuedAt = '2026-11-20T09:00:00Z';
  const sign = () => signCertificate(certificate, signer, { issuedAt });
  const jws = await sign();
  const keys = keyResolverFromKeys([
    {
      kid,
      alg: 'EdDSA',
      jwk: publicJwk,
      authority: 'RU-MINFIN',
      participant: 'RU',
      validFrom: '2026-01-01T00:00:00Z',
    },
  ]);
  const now = '2026-11-21T00:00:00Z';
  const verify = (document = jws) =>
    verifyCertificate(document, { keys, verifier: nodeVerifier, directory: defaultDirectory, now });
  const check = await verify();
  if (!check.valid)
    throw new Error(
      'bench set-up: the signed certificate does not verify: ' + JSON.stringify(check.checks),
    );
  return { certificate, jws, sign, verify, privateJwk, publicJwk };
}

export async function benchSignVerify() {
  const { jws, sign, verify, privateJwk, publicJwk } = await certificateFixture();

  // The raw limit: node:crypto on exactly the JWS signing input the certificate uses.
  const [h, p, s] = jws.split('.');
  const signingInput = utf8(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });

  // Side by side, per CPU-second of this process (see lib.mjs): the ratios to raw are the point.
  const {
    rawSign: rawSignRate,
    sign: signRate,
    rawVerify: rawVerifyRate,
    verify: verifyRate,
  } = await ratesSideBySide({
    rawSign: { fn: () => rawSign(null, signingInput, privateKey) },
    sign: { fn: sign },
    rawVerify: { fn: () => rawVerify(null, signingInput, publicKey, signature) },
    verify: { fn: () => verify() },
  });

  record({
    name: 'raw ed25519 sign (node:crypto)',
    backend: 'none',
    value: rawSignRate,
    unit: 'ops/CPU-s',
  });
  record({
    name: 'certificate sign (vc+jwt)',
    backend: 'none',
    value: signRate,
    unit: 'ops/CPU-s',
    limit: rawSignRate,
    ratio: signRate / rawSignRate,
  });
  record({
    name: 'raw ed25519 verify (node:crypto)',
    backend: 'none',
    value: rawVerifyRate,
    unit: 'ops/CPU-s',
  });
  record({
    name: 'certificate verify (sig+parse+schema+key)',
    backend: 'none',
    value: verifyRate,
    unit: 'ops/CPU-s',
    limit: rawVerifyRate,
    ratio: verifyRate / rawVerifyRate,
  });
}
