// Certificate sign and verify per second beside raw Ed25519 sign/verify of the same bytes by
// node:crypto and by libsodium (sodium-native), measured in the same run (issue "Foundation":
// goal ≥ 70 % of the raw rates). The certificate rows' limit is the raw rate of the backend
// the signer and verifier actually use (`ed25519Backend()`: libsodium where its binary loads).
// verify = signature + parse + schema validation + key lookup, as the node does on receipt.
import { buildCertificate, defaultDirectory, sampleDraft } from '@kpx/domain';
import {
  generateKeyPair,
  keyResolverFromKeys,
  signCertificate,
  verifyCertificate,
  utf8,
} from '@kpx/protocol';
import { createNodeSigner, ed25519Backend, nodeVerifier } from '@kpx/protocol/node';
import { ratesSideBySide, rawEd25519Libraries, record } from './lib.mjs';

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
  const backend = ed25519Backend();

  // The raw limits: each library on exactly the JWS signing input the certificate uses.
  const [h, p, s] = jws.split('.');
  const signingInput = utf8(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const raw = {};
  for (const [library, { sign: librarySign, verify: libraryVerify }] of Object.entries(
    rawEd25519Libraries(privateJwk, publicJwk),
  )) {
    if (!libraryVerify(signingInput, signature))
      throw new Error(`bench set-up: ${library} refuses the certificate's signature`);
    raw[library] = {
      sign: () => librarySign(signingInput),
      verify: () => libraryVerify(signingInput, signature),
    };
  }
  if (raw[backend] === undefined) throw new Error(`bench set-up: no raw rows for ${backend}`);

  // Side by side, per CPU-second of this process (see lib.mjs): the ratios to raw are the point.
  const functions = { sign: { fn: sign }, verify: { fn: () => verify() } };
  for (const [library, { sign: rawSignFn, verify: rawVerifyFn }] of Object.entries(raw)) {
    functions[`sign ${library}`] = { fn: rawSignFn };
    functions[`verify ${library}`] = { fn: rawVerifyFn };
  }
  const rates = await ratesSideBySide(functions);

  for (const operation of ['sign', 'verify']) {
    for (const library of Object.keys(raw))
      record({
        name: `raw ed25519 ${operation} (${library})`,
        backend: 'none',
        value: rates[`${operation} ${library}`],
        unit: 'ops/CPU-s',
      });
    const limit = rates[`${operation} ${backend}`];
    record({
      name:
        operation === 'sign'
          ? `certificate sign (vc+jwt, ${backend})`
          : `certificate verify (sig+parse+schema+key, ${backend})`,
      backend: 'none',
      value: rates[operation],
      unit: 'ops/CPU-s',
      limit,
      ratio: rates[operation] / limit,
    });
  }
}
