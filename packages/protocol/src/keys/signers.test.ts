import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, jwkThumbprintNode, nodeVerifier, sha256Node } from '../node.js';
import { base64urlDecode, utf8 } from '../bytes.js';
import { signCompactJws } from '../jws/compact-jws.js';
import { testPrivateKeys } from '../testing/fixtures.js';
import { generateKeyPair, jwkThumbprint, publicJwkOf, type PrivateJwk } from './jwk.js';
import type { Signer } from './signer.js';
import { createWebCryptoSigner, sha256, webCryptoVerifier } from './web-crypto.js';

const payload = { hello: 'мир', n: 1 };

async function joseSign(
  privateJwk: PrivateJwk,
  kid: string,
  alg: 'EdDSA' | 'ES256',
  bytes: Uint8Array,
): Promise<string> {
  const key = await importJWK({ ...privateJwk }, alg);
  return new CompactSign(bytes).setProtectedHeader({ alg, kid, typ: 'kpx-test+jwt' }).sign(key);
}

describe('keys', () => {
  it('computes the RFC 7638 thumbprint of the RFC 8037 Appendix A.3 key', async () => {
    const jwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
    } as const;
    expect(await jwkThumbprint(jwk)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(jwkThumbprintNode(jwk)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it.each(['EdDSA', 'ES256'] as const)(
    'generates %s key pairs whose kid is the thumbprint',
    async (alg) => {
      const pair = await generateKeyPair(alg);
      expect(pair.kid).toBe(await jwkThumbprint(pair.publicJwk));
      expect(pair.publicJwk).toStrictEqual(publicJwkOf(pair.privateJwk));
      expect('d' in pair.publicJwk).toBe(false);
      const signer = await createWebCryptoSigner(pair.privateJwk);
      const data = utf8('data');
      expect(await nodeVerifier.verify(alg, pair.publicJwk, data, await signer.sign(data))).toBe(
        true,
      );
    },
  );

  it('hashes the same with WebCrypto and node:crypto', async () => {
    const data = utf8('abc');
    expect(await sha256(data)).toStrictEqual(sha256Node(data));
    // In Node sha256 takes node:crypto; WebCrypto (what browsers run) must give the same bytes.
    for (const sample of [new Uint8Array(0), data, new Uint8Array(5000).fill(0xa5)]) {
      const web = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', sample));
      expect(await sha256(sample)).toStrictEqual(web);
    }
    expect(Buffer.from(await sha256(data)).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', // FIPS 180-2 B.1
    );
  });
});

describe.each([
  ['EdDSA', testPrivateKeys.ruMinfinEd25519],
  ['ES256', testPrivateKeys.ruMinfinEs256],
] as const)('signers and verifiers with %s', (alg, privateJwk) => {
  const publicJwk = publicJwkOf(privateJwk);
  const signers: [string, () => Promise<Signer>][] = [
    ['node:crypto', () => Promise.resolve(createNodeSigner(privateJwk))],
    ['WebCrypto', () => createWebCryptoSigner(privateJwk)],
  ];
  const verifiers = [
    ['node:crypto', nodeVerifier],
    ['WebCrypto', webCryptoVerifier],
  ] as const;

  it.each(signers)(
    '%s signs with the right alg and kid, and a 64-byte JOSE signature',
    async (_name, make) => {
      const signer = await make();
      expect(signer.alg).toBe(alg);
      expect(signer.kid).toBe(await jwkThumbprint(publicJwk));
      const signature = await signer.sign(utf8('x'));
      expect(signature.length).toBe(64);
      for (const [, verifier] of verifiers) {
        expect(await verifier.verify(alg, publicJwk, utf8('x'), signature)).toBe(true);
        expect(await verifier.verify(alg, publicJwk, utf8('y'), signature)).toBe(false);
        expect(await verifier.verify(alg, publicJwk, utf8('x'), signature.subarray(0, 63))).toBe(
          false,
        );
      }
    },
  );

  it.each(signers)(
    'a compact JWS made with %s is accepted by jose compactVerify',
    async (_name, make) => {
      const signer = await make();
      const jws = await signCompactJws({ typ: 'kpx-test+jwt' }, payload, signer);
      const key = await importJWK({ ...publicJwk }, alg);
      const verified = await compactVerify(jws, key, { algorithms: [alg] });
      expect(verified.protectedHeader).toStrictEqual({ alg, kid: signer.kid, typ: 'kpx-test+jwt' });
      expect(JSON.parse(new TextDecoder().decode(verified.payload))).toStrictEqual(payload);
    },
  );

  it.each(verifiers)(
    'jose-made compact JWS verifies with the %s verifier',
    async (_name, verifier) => {
      const kid = await jwkThumbprint(publicJwk);
      const jws = await joseSign(privateJwk, kid, alg, utf8(JSON.stringify(payload)));
      const [h, p, s] = jws.split('.') as [string, string, string];
      expect(await verifier.verify(alg, publicJwk, utf8(`${h}.${p}`), base64urlDecode(s)!)).toBe(
        true,
      );
    },
  );

  it('the node:crypto signer makes tokens byte-identical to jose', async () => {
    const signer = createNodeSigner(privateJwk);
    const ours = await signCompactJws({ typ: 'kpx-test+jwt' }, payload, signer);
    const theirs = await joseSign(privateJwk, signer.kid, alg, utf8('{"hello":"мир","n":1}'));
    // Ed25519 is deterministic (RFC 8032 §5.1.6); ECDSA signatures are randomised, so for
    // ES256 the signing inputs must match and both signatures verify.
    if (alg === 'EdDSA') expect(ours).toBe(theirs);
    else expect(ours.split('.').slice(0, 2)).toStrictEqual(theirs.split('.').slice(0, 2));
  });

  it('refuses a key of the other algorithm', async () => {
    const signer = createNodeSigner(privateJwk);
    const other = alg === 'EdDSA' ? 'ES256' : 'EdDSA';
    const signature = await signer.sign(utf8('x'));
    expect(await nodeVerifier.verify(other, publicJwk, utf8('x'), signature)).toBe(false);
    expect(await webCryptoVerifier.verify(other, publicJwk, utf8('x'), signature)).toBe(false);
  });
});
