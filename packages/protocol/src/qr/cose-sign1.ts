import { decode, encode, Tag } from 'cbor2';
import type { SignatureAlg } from '../keys/jwk.js';
import type { Signer } from '../keys/signer.js';

/** COSE algorithm identifiers (RFC 9053 §2.1 ECDSA, §2.2 EdDSA). */
export const coseAlgs: Readonly<Record<SignatureAlg, number>> = { EdDSA: -8, ES256: -7 };

/** CBOR tag of COSE_Sign1 (RFC 9052 §2). */
export const coseSign1Tag = 18;

// RFC 9052 §3.1 header labels.
const algLabel = 1;
const kidLabel = 4;

/** A decoded COSE_Sign1, not yet verified. */
export type CoseSign1 = {
  /** The serialised protected header, exactly as signed. */
  protectedBytes: Uint8Array;
  alg: SignatureAlg | undefined;
  /** The raw value of the `alg` label, for messages. */
  rawAlg: unknown;
  kid: Uint8Array | undefined;
  /** Labels in the protected header besides alg and kid (kpx allows none, e.g. no `crit`). */
  otherLabels: unknown[];
  payload: Uint8Array;
  signature: Uint8Array;
};

/** Decoding options for untrusted CBOR: definite lengths, no duplicate keys, no tag magic. */
export const strictCbor = {
  ignoreGlobalTags: true,
  preferMap: true,
  rejectDuplicateKeys: true,
  rejectStreaming: true,
  maxDepth: 16,
} as const;

/**
 * `Sig_structure` for COSE_Sign1 (RFC 9052 §4.4): `["Signature1", body_protected,
 * external_aad, payload]`, with an empty external_aad.
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

/**
 * Signs `payload` as a tagged COSE_Sign1 (RFC 9052 §4.2): protected header `{1: alg, 4: kid}`
 * with the kid as the bytes of the RFC 7638 thumbprint, an empty unprotected header.
 */
export async function signCoseSign1(
  payload: Uint8Array,
  kid: Uint8Array,
  signer: Signer,
): Promise<Uint8Array> {
  const protectedBytes = encode(
    new Map<number, number | Uint8Array>([
      [algLabel, coseAlgs[signer.alg]],
      [kidLabel, kid],
    ]),
    { cde: true },
  );
  // COSE EdDSA and ES256 signatures have the same encoding as JOSE (RFC 9053 §2.1: r||s).
  const signature = await signer.sign(sigStructure(protectedBytes, payload));
  return encode(new Tag(coseSign1Tag, [protectedBytes, new Map(), payload, signature]));
}

/** Decodes a tagged COSE_Sign1; a message says what is wrong. Never throws. */
export function decodeCoseSign1(
  bytes: Uint8Array,
): { ok: true; value: CoseSign1 } | { ok: false; message: string } {
  let outer: unknown;
  try {
    outer = decode(bytes, strictCbor);
  } catch (error) {
    return {
      ok: false,
      message: `not CBOR: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!(outer instanceof Tag) || Number(outer.tag) !== coseSign1Tag)
    return { ok: false, message: 'not a tagged COSE_Sign1 (tag 18)' };
  const parts = outer.contents;
  if (!Array.isArray(parts) || parts.length !== 4)
    return { ok: false, message: 'COSE_Sign1 is not an array of 4' };
  const [protectedBytes, unprotected, payload, signature] = parts as unknown[];
  if (!(protectedBytes instanceof Uint8Array))
    return { ok: false, message: 'protected header is not a byte string' };
  if (!(unprotected instanceof Map))
    return { ok: false, message: 'unprotected header is not a map' };
  if (!(payload instanceof Uint8Array))
    return { ok: false, message: 'payload is not a byte string' };
  if (!(signature instanceof Uint8Array))
    return { ok: false, message: 'signature is not a byte string' };
  if (unprotected.size !== 0) return { ok: false, message: 'unprotected header must be empty' };
  let header: unknown;
  try {
    header = decode(protectedBytes, strictCbor);
  } catch {
    return { ok: false, message: 'protected header is not CBOR' };
  }
  if (!(header instanceof Map)) return { ok: false, message: 'protected header is not a map' };
  const rawAlg: unknown = header.get(algLabel);
  const kid: unknown = header.get(kidLabel);
  const alg = (Object.keys(coseAlgs) as SignatureAlg[]).find((name) => coseAlgs[name] === rawAlg);
  return {
    ok: true,
    value: {
      protectedBytes,
      alg,
      rawAlg,
      kid: kid instanceof Uint8Array ? kid : undefined,
      otherLabels: [...header.keys()].filter((label) => label !== algLabel && label !== kidLabel),
      payload,
      signature,
    },
  };
}
