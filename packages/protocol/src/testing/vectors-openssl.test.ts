// Checks the signature of every published test vector with OpenSSL (Debian /usr/bin/openssl 3),
// independently of our code: the JWS is split by hand, the COSE_Sign1 inflated with node:zlib and
// decoded with cbor2, and OpenSSL must agree with each vector's `signatureValid`.
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { decode, encode, Tag } from 'cbor2';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFiles, type CaseFileName, type KeysFile, type VectorFile } from './vector-files.js';

const openssl = '/usr/bin/openssl';
const dir = new URL('../../../../spec/vectors/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
const keysFile = read<KeysFile>('keys.json');
const work = mkdtempSync(join(tmpdir(), 'kpx-openssl-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const publicJwks = new Map<string, object>([
  ...keysFile.authorityKeys.map((k) => [k.trusted.kid, k.trusted.jwk] as const),
  [keysFile.registry.root.kid, keysFile.registry.root.publicJwk],
  [keysFile.registry.listKey.kid, keysFile.registry.listKey.publicJwk],
]);

const b64u = (text: string): Buffer => Buffer.from(text, 'base64url');

/** ECDSA r||s (RFC 7518 §3.4) to the DER `Ecdsa-Sig-Value` OpenSSL reads (RFC 3279 §2.2.3). */
function rawToDer(raw: Uint8Array): Buffer {
  const integer = (bytes: Uint8Array): Buffer => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = Buffer.from(bytes.subarray(i));
    const padded = (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body;
    return Buffer.concat([Buffer.from([0x02, padded.length]), padded]);
  };
  const seq = Buffer.concat([
    integer(raw.subarray(0, raw.length / 2)),
    integer(raw.subarray(raw.length / 2)),
  ]);
  return Buffer.concat([Buffer.from([0x30, seq.length]), seq]);
}

let counter = 0;
/** Asks OpenSSL whether `signature` over `data` verifies with the JWK; true iff exit status 0. */
function opensslVerifies(
  alg: 'EdDSA' | 'ES256',
  jwk: object,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const base = join(work, String(counter++));
  const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  });
  writeFileSync(`${base}.pem`, pem);
  writeFileSync(`${base}.data`, data);
  const args =
    alg === 'EdDSA'
      ? (writeFileSync(`${base}.sig`, signature),
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          `${base}.pem`,
          '-rawin',
          '-in',
          `${base}.data`,
          '-sigfile',
          `${base}.sig`,
        ])
      : signature.length !== 64
        ? undefined
        : (writeFileSync(`${base}.sig.der`, rawToDer(signature)),
          [
            'dgst',
            '-sha256',
            '-verify',
            `${base}.pem`,
            '-signature',
            `${base}.sig.der`,
            `${base}.data`,
          ]);
  if (args === undefined) return false; // not an r||s pair at all
  const result = spawnSync(openssl, args, { encoding: 'utf8' });
  return result.status === 0;
}

type Signed = { alg: 'EdDSA' | 'ES256'; kid: string; data: Uint8Array; signature: Uint8Array };

function fromJws(jws: string): Signed {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const header = JSON.parse(b64u(h).toString('utf8')) as { alg: 'EdDSA' | 'ES256'; kid: string };
  return {
    alg: header.alg,
    kid: header.kid,
    data: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: b64u(s),
  };
}

function fromQr(text: string): Signed {
  // Base45 (RFC 9285), written out again here so the test does not reuse our decoder.
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const chars = text.slice(4);
  const bytes: number[] = [];
  for (let i = 0; i < chars.length; i += 3) {
    const [c, d, e] = [...chars.slice(i, i + 3)].map((ch) => alphabet.indexOf(ch));
    const n = c! + d! * 45 + (e ?? 0) * 2025;
    if (e === undefined) bytes.push(n);
    else bytes.push(n >> 8, n & 0xff);
  }
  // A plain Uint8Array: cbor2 would encode a Buffer (a subclass) as a JSON-like object.
  const inflated = new Uint8Array(inflateSync(Uint8Array.from(bytes)));
  const cose = decode(inflated, { ignoreGlobalTags: true, preferMap: true }) as Tag;
  const [protectedBytes, , payload, signature] = cose.contents as [
    Uint8Array,
    unknown,
    Uint8Array,
    Uint8Array,
  ];
  const header = decode(protectedBytes, { preferMap: true }) as Map<number, unknown>;
  return {
    alg: header.get(1) === -8 ? 'EdDSA' : 'ES256',
    kid: Buffer.from(header.get(4) as Uint8Array).toString('base64url'),
    // RFC 9052 §4.4 Sig_structure.
    data: encode(['Signature1', protectedBytes, new Uint8Array(0), payload]),
    signature,
  };
}

describe.runIf(existsSync(openssl))('test vectors checked with OpenSSL', () => {
  it('OpenSSL is version 3', () => {
    expect(spawnSync(openssl, ['version'], { encoding: 'utf8' }).stdout).toMatch(/^OpenSSL 3\./);
  });

  for (const file of Object.keys(caseFiles) as CaseFileName[]) {
    const vectors = read<VectorFile>(file);
    const signatureLevel = vectors.cases.filter((c) => c.expected.signatureValid !== null);
    it.each(signatureLevel.map((c) => [`${file}#${c.name}`, c] as const))('%s', (_name, c) => {
      const signed = caseFiles[file] === 'jws' ? fromJws(c.input) : fromQr(c.input);
      const jwk = publicJwks.get(signed.kid);
      expect(jwk, `key ${signed.kid}`).toBeDefined();
      expect(opensslVerifies(signed.alg, jwk!, signed.data, signed.signature)).toBe(
        c.expected.signatureValid,
      );
    });
  }

  it.each(read<VectorFile>('trust-lists.json').cases.map((c) => [c.name, c] as const))(
    'the root endorsement in trust-lists.json#%s',
    (_name, c) => {
      const header = JSON.parse(b64u(c.input.split('.')[0]!).toString('utf8')) as Record<
        string,
        string
      >;
      const endorsement = fromJws(header['x-kpx-endorsement']!);
      expect(endorsement.kid).toBe(keysFile.registry.root.kid);
      expect(
        opensslVerifies(
          endorsement.alg,
          keysFile.registry.root.publicJwk,
          endorsement.data,
          endorsement.signature,
        ),
      ).toBe(true);
    },
  );

  it('refuses a wrong signature (the harness can fail)', () => {
    const signed = fromJws(read<VectorFile>('certificates.json').cases[0]!.input);
    const flipped = Uint8Array.from(signed.signature);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(opensslVerifies(signed.alg, publicJwks.get(signed.kid)!, signed.data, flipped)).toBe(
      false,
    );
    const es = fromJws(read<VectorFile>('certificates.json').cases[1]!.input);
    expect(opensslVerifies(es.alg, publicJwks.get(es.kid)!, es.data, es.signature)).toBe(true);
    const esFlipped = Uint8Array.from(es.signature);
    esFlipped[40] = (esFlipped[40] ?? 0) ^ 1;
    expect(opensslVerifies(es.alg, publicJwks.get(es.kid)!, es.data, esFlipped)).toBe(false);
  });
});
