// TEST ONLY: deterministic ECDSA (RFC 6979) over P-256 with SHA-256, so that ES256 test vectors
// are reproducible byte for byte. Plain bigint arithmetic, not constant-time: never use it with
// a real key. Production ES256 signing goes through WebCrypto or node:crypto.
import { base64urlDecode, concatBytes, toArrayBufferView } from '../bytes.js';
import { sha256 } from '../keys/web-crypto.js';
import type { PrivateJwk } from '../keys/jwk.js';
import { jwkThumbprint } from '../keys/jwk.js';
import type { Signer } from '../keys/signer.js';

// SEC 2 §2.4.2 / FIPS 186-4 D.1.2.3: the P-256 domain parameters.
const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const a = p - 3n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;

const mod = (v: bigint, m: bigint): bigint => ((v % m) + m) % m;

function inverse(v: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(v, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

function add(P: Point, Q: Point): Point {
  if (P === null) return Q;
  if (Q === null) return P;
  if (P.x === Q.x && mod(P.y + Q.y, p) === 0n) return null;
  const slope =
    P.x === Q.x && P.y === Q.y
      ? mod((3n * P.x * P.x + a) * inverse(2n * P.y, p), p)
      : mod((Q.y - P.y) * inverse(Q.x - P.x, p), p);
  const x = mod(slope * slope - P.x - Q.x, p);
  return { x, y: mod(slope * (P.x - x) - P.y, p) };
}

function multiply(k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const toInt = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
const toBytes32 = (v: bigint): Uint8Array =>
  Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * (31 - i))) & 0xffn));

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey(
    'raw',
    toArrayBufferView(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, toArrayBufferView(data)));
}

/** RFC 6979 §3.2 nonce generation for qlen = hlen = 256. */
async function nonce(x: bigint, h1: Uint8Array): Promise<bigint> {
  const xOctets = toBytes32(x);
  const hOctets = toBytes32(mod(toInt(h1), n)); // bits2octets (§2.3.4)
  let V: Uint8Array = new Uint8Array(32).fill(1);
  let K: Uint8Array = new Uint8Array(32);
  K = await hmac(K, concatBytes(V, new Uint8Array([0]), xOctets, hOctets));
  V = await hmac(K, V);
  K = await hmac(K, concatBytes(V, new Uint8Array([1]), xOctets, hOctets));
  V = await hmac(K, V);
  for (;;) {
    V = await hmac(K, V);
    const k = toInt(V);
    if (k >= 1n && k < n) return k;
    K = await hmac(K, concatBytes(V, new Uint8Array([0])));
    V = await hmac(K, V);
  }
}

/** Signs with deterministic ECDSA (RFC 6979), returning JOSE `r || s`. */
export async function rfc6979Sign(d: bigint, data: Uint8Array): Promise<Uint8Array> {
  const h1 = await sha256(data);
  const e = toInt(h1);
  const k = await nonce(d, h1);
  const R = multiply(k, G);
  if (R === null) throw new Error('unreachable: k·G is the point at infinity');
  const r = mod(R.x, n);
  const s = mod(inverse(k, n) * (e + r * d), n);
  return concatBytes(toBytes32(r), toBytes32(s));
}

/** TEST ONLY: a deterministic ES256 {@link Signer} for reproducible test vectors. */
export async function createRfc6979Signer(privateJwk: PrivateJwk): Promise<Signer> {
  if (privateJwk.kty !== 'EC') throw new TypeError('RFC 6979 signer needs a P-256 key');
  const d = toInt(base64urlDecode(privateJwk.d) ?? new Uint8Array(0));
  const kid = await jwkThumbprint(privateJwk);
  return { alg: 'ES256', kid, sign: (data) => rfc6979Sign(d, data) };
}
