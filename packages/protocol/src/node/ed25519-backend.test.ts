import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64urlEncode, utf8 } from '../bytes.js';
import type { PrivateJwk, PublicJwk } from '../keys/jwk.js';
import {
  ed25519Backend,
  loadSodiumNative,
  selectEd25519Backend,
  type Ed25519Backend,
} from './ed25519-backend.js';
import { createNodeSigner, createNodeVerifier } from './node-crypto.js';
import { nodeCryptoEd25519 } from './node-crypto-ed25519.js';
import { createSodiumEd25519 } from './sodium-ed25519.js';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// RFC 8032 §7.1, typed from the RFC: TEST 1, TEST 2, TEST 3 and TEST SHA(abc), whose message
// is SHA-512("abc") (FIPS 180-2 C.1).
const rfc8032 = [
  {
    name: 'TEST 1',
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    name: 'TEST SHA(abc)',
    seed: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    publicKey: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    message:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    signature:
      'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
] as const;

const libsodium = createSodiumEd25519(loadSodiumNative());
const backends: [string, Ed25519Backend][] = [
  ['libsodium', libsodium],
  ['node:crypto', nodeCryptoEd25519],
];

function jwksOf(seed: Uint8Array, publicKey: Uint8Array): { priv: PrivateJwk; pub: PublicJwk } {
  const x = base64urlEncode(publicKey);
  return {
    priv: { kty: 'OKP', crv: 'Ed25519', x, d: base64urlEncode(seed) },
    pub: { kty: 'OKP', crv: 'Ed25519', x },
  };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[(bit >> 3) % copy.length]! ^= 1 << (bit & 7);
  return copy;
}

describe.each(backends)('Ed25519 on %s', (name, backend) => {
  it('reports its name', () => {
    expect(backend.name).toBe(name);
  });

  it.each(rfc8032)('derives, signs and verifies RFC 8032 §7.1 $name', (vector) => {
    const { publicKey, sign } = backend.signerFor(hex(vector.seed));
    expect(toHex(publicKey)).toBe(vector.publicKey);
    expect(toHex(sign(hex(vector.message)))).toBe(vector.signature);
    const check = backend.verifierFor(hex(vector.publicKey))!;
    expect(check(hex(vector.message), hex(vector.signature))).toBe(true);
    expect(check(utf8('another message'), hex(vector.signature))).toBe(false);
  });

  it.each(rfc8032)('signs $name identically through createNodeSigner', async (vector) => {
    const { priv, pub } = jwksOf(hex(vector.seed), hex(vector.publicKey));
    const signer = createNodeSigner(priv, { ed25519: backend });
    const signature = await signer.sign(hex(vector.message));
    expect(toHex(signature)).toBe(vector.signature);
    const verifier = createNodeVerifier(16, { ed25519: backend });
    expect(await verifier.verify('EdDSA', pub, hex(vector.message), signature)).toBe(true);
  });

  it('answers false, never throws, for bad inputs', async () => {
    const vector = rfc8032[1];
    const message = hex(vector.message);
    const signature = hex(vector.signature);
    const check = backend.verifierFor(hex(vector.publicKey))!;
    for (const length of [0, 1, 63, 65, 128])
      expect(check(message, new Uint8Array(length))).toBe(false);
    expect(backend.verifierFor(new Uint8Array(31))).toBeNull();
    expect(backend.verifierFor(new Uint8Array(33))).toBeNull();
    expect(() => backend.signerFor(new Uint8Array(31))).toThrow(TypeError);

    const verifier = createNodeVerifier(16, { ed25519: backend });
    const x = (value: string): PublicJwk => ({ kty: 'OKP', crv: 'Ed25519', x: value });
    const garbageKeys = [
      x('AAAA'), // 3 bytes
      x('not base64url!'),
      x(`${'A'.repeat(42)}B`), // non-zero unused bits: a second spelling of a key
      x(base64urlEncode(new Uint8Array(32).fill(0xff))), // y ≥ p: no such point
      x(base64urlEncode(hex(vector.publicKey).subarray(1))), // 31 bytes
    ];
    for (const key of garbageKeys)
      expect(await verifier.verify('EdDSA', key, message, signature)).toBe(false);
    const good = x(base64urlEncode(hex(vector.publicKey)));
    expect(await verifier.verify('ES256', good, message, signature)).toBe(false);
    expect(await verifier.verify('EdDSA', good, message, signature.subarray(0, 63))).toBe(false);
    expect(await verifier.verify('EdDSA', good, message, signature)).toBe(true);
  });

  it('refuses a private JWK whose x is not the public key of its d', () => {
    const [first, second] = [rfc8032[0], rfc8032[1]];
    const { priv } = jwksOf(hex(first.seed), hex(second.publicKey));
    expect(() => createNodeSigner(priv, { ed25519: backend })).toThrow(
      'the Ed25519 private JWK\'s "x" is not the public key of its "d"',
    );
  });
});

describe('libsodium beside node:crypto', () => {
  it('makes byte-identical signatures that both accept, and both refuse a flipped bit', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 3000 }),
        fc.nat(),
        (seed, message, bit) => {
          const sodiumKey = libsodium.signerFor(seed);
          const nodeKey = nodeCryptoEd25519.signerFor(seed);
          expect(sodiumKey.publicKey).toStrictEqual(nodeKey.publicKey);
          const signature = sodiumKey.sign(message);
          expect(nodeKey.sign(message)).toStrictEqual(signature);
          const badSignature = flipBit(signature, bit);
          const badMessage = message.length > 0 ? flipBit(message, bit) : utf8('x');
          for (const backend of [libsodium, nodeCryptoEd25519]) {
            const check = backend.verifierFor(sodiumKey.publicKey)!;
            expect(check(message, signature)).toBe(true);
            expect(check(message, badSignature)).toBe(false);
            expect(check(badMessage, signature)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  // The difference D17 documents: the identity point is a public key of order 1, and (R =
  // identity, S = 0) satisfies the cofactorless equation [S]B = R + [k]A for every message.
  // OpenSSL accepts that "signature"; libsodium refuses small-order keys.
  it('libsodium refuses the small-order key that OpenSSL lets sign anything', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const forged = new Uint8Array(64);
    forged[0] = 1;
    const message = utf8('any certificate at all');
    expect(nodeCryptoEd25519.verifierFor(identity)!(message, forged)).toBe(true);
    expect(libsodium.verifierFor(identity)!(message, forged)).toBe(false);
  });
});

describe('choosing the backend', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('takes libsodium when sodium-native loads on this platform', () => {
    expect(selectEd25519Backend({ env: {} }).name).toBe('libsodium');
    // The process's own choice, unless this run forces the fallback.
    const forced = process.env['KPX_ED25519'] === 'node';
    expect(ed25519Backend()).toBe(forced ? 'node:crypto' : 'libsodium');
  });

  it('takes node:crypto when KPX_ED25519=node', () => {
    expect(selectEd25519Backend({ env: { KPX_ED25519: 'node' } }).name).toBe('node:crypto');
  });

  it('falls back to node:crypto when the binary does not load', () => {
    const missing = () => {
      throw new Error("Cannot find addon '.' imported from sodium-native");
    };
    expect(selectEd25519Backend({ env: {}, loadSodium: missing }).name).toBe('node:crypto');
  });

  it('falls back to node:crypto when the module is not what it should be', () => {
    const real = loadSodiumNative();
    const impostor = () => ({ ...real, crypto_sign_verify_detached: undefined }) as never;
    expect(selectEd25519Backend({ env: {}, loadSodium: impostor }).name).toBe('node:crypto');
    // A binary that loads but computes something else fails the known-answer test.
    const wrong = () => ({
      ...real,
      crypto_sign_detached: (signature: Uint8Array) => signature.fill(7),
    });
    expect(selectEd25519Backend({ env: {}, loadSodium: wrong }).name).toBe('node:crypto');
  });

  it('a fresh module instance under KPX_ED25519=node reports node:crypto and signs the same', async () => {
    vi.stubEnv('KPX_ED25519', 'node');
    vi.resetModules();
    const fresh = await import('../node.js');
    expect(fresh.ed25519Backend()).toBe('node:crypto');
    const vector = rfc8032[2];
    const { priv, pub } = jwksOf(hex(vector.seed), hex(vector.publicKey));
    const signature = await fresh.createNodeSigner(priv).sign(hex(vector.message));
    expect(toHex(signature)).toBe(vector.signature);
    expect(await fresh.nodeVerifier.verify('EdDSA', pub, hex(vector.message), signature)).toBe(
      true,
    );
  });
});
