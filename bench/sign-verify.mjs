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
import { rate, record } from './lib.mjs';

export async function benchSignVerify() {
  const { privateJwk, publicJwk, kid } = await generateKeyPair('EdDSA');
  const certificate = buildCertificate(sampleDraft, {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    number: 'RU-2026-000001',
    issuedOn: '2026-11-20',
  });
  const signer = createNodeSigner(privateJwk);
  const issuedAt = '2026-11-20T09:00:00Z';
  const jws = await signCertificate(certificate, signer, { issuedAt });
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
  const check = await verifyCertificate(jws, {
    keys,
    verifier: nodeVerifier,
    directory: defaultDirectory,
    now,
  });
  if (!check.valid)
    throw new Error(
      'bench set-up: the signed certificate does not verify: ' + JSON.stringify(check.checks),
    );

  // The raw limit: node:crypto on exactly the JWS signing input the certificate uses.
  const [h, p, s] = jws.split('.');
  const signingInput = utf8(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });

  const rawSignRate = await rate(() => rawSign(null, signingInput, privateKey));
  const signRate = await rate(() => signCertificate(certificate, signer, { issuedAt }));
  const rawVerifyRate = await rate(() => rawVerify(null, signingInput, publicKey, signature));
  const verifyRate = await rate(() =>
    verifyCertificate(jws, { keys, verifier: nodeVerifier, directory: defaultDirectory, now }),
  );

  record({
    name: 'raw ed25519 sign (node:crypto)',
    backend: 'none',
    value: rawSignRate,
    unit: 'ops/s',
  });
  record({
    name: 'certificate sign (vc+jwt)',
    backend: 'none',
    value: signRate,
    unit: 'ops/s',
    limit: rawSignRate,
    ratio: signRate / rawSignRate,
  });
  record({
    name: 'raw ed25519 verify (node:crypto)',
    backend: 'none',
    value: rawVerifyRate,
    unit: 'ops/s',
  });
  record({
    name: 'certificate verify (sig+parse+schema+key)',
    backend: 'none',
    value: verifyRate,
    unit: 'ops/s',
    limit: rawVerifyRate,
    ratio: verifyRate / rawVerifyRate,
  });
}
