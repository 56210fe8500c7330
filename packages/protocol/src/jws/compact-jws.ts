import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '../bytes.js';
import { canonicalBytes } from '../canonical-json.js';
import type { Signer } from '../keys/signer.js';

// isCanonicalJsonText lived here first; its importers still find it here.
export { isCanonicalJsonText } from './canonical-json-text.js';

/** Longest compact JWS kpx reads (a trust list of every Participant fits easily). */
export const maxJwsLength = 4 * 1024 * 1024;

/** A compact JWS split and decoded, not yet verified. */
export type ParsedJws = {
  header: Record<string, unknown>;
  /** The payload's exact UTF-8 text as signed. */
  payloadText: string;
  /** The payload parsed as JSON. */
  payload: unknown;
  /** ASCII bytes of `BASE64URL(header) "." BASE64URL(payload)` (RFC 7515 §5.2 step 8). */
  signingInput: Uint8Array;
  signature: Uint8Array;
};

/**
 * Signs `payload` as a compact JWS (RFC 7515 §7.1). Header and payload are serialised with
 * RFC 8785 canonical JSON, so the same input always gives the same token; for the
 * deterministic Ed25519 the whole token is then reproducible.
 */
export async function signCompactJws(
  header: { typ: string } & Record<string, unknown>,
  payload: unknown,
  signer: Signer,
): Promise<string> {
  const protectedHeader = base64urlEncode(
    canonicalBytes({ ...header, alg: signer.alg, kid: signer.kid }),
  );
  const body = base64urlEncode(canonicalBytes(payload));
  const signingInput = `${protectedHeader}.${body}`;
  const signature = await signer.sign(utf8(signingInput));
  return `${signingInput}.${base64urlEncode(signature)}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

// Every token one key signs carries the same protected header (`alg`, `kid`, `typ`), so the
// header segment is decoded once per distinct segment rather than once per token. Only
// headers whose members are all strings are kept, frozen, so a cached value can be neither
// changed by a caller nor differ from a fresh parse; bounded, so hostile input cannot grow it.
const headerCache = new Map<string, Readonly<Record<string, unknown>>>();
const headerCacheLimit = 256;
const maxCachedHeaderLength = 1024;

type HeaderFailure =
  'header is not base64url' | 'header is not UTF-8' | 'header is not a JSON object';

function decodeHeader(segment: string): Readonly<Record<string, unknown>> | HeaderFailure {
  const cached = headerCache.get(segment);
  if (cached !== undefined) return cached;
  const bytes = base64urlDecode(segment);
  if (bytes === undefined) return 'header is not base64url';
  const text = utf8Decode(bytes);
  if (text === undefined) return 'header is not UTF-8';
  const header = parseJson(text);
  if (
    !header.ok ||
    typeof header.value !== 'object' ||
    header.value === null ||
    Array.isArray(header.value)
  ) {
    return 'header is not a JSON object';
  }
  const value = header.value as Record<string, unknown>;
  if (segment.length <= maxCachedHeaderLength && Object.values(value).every(isString)) {
    if (headerCache.size >= headerCacheLimit) headerCache.clear();
    headerCache.set(segment, Object.freeze(value));
  }
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';

// Node's Buffer, looked up on globalThis so this module still loads in the browser. Its small
// allocations are slices of a shared pool: for the signing input of every verified token that
// is several times cheaper, allocation and garbage collection together, than a fresh buffer.
type LatinBuffer = {
  from(text: string, encoding: 'latin1'): Uint8Array;
};
const nodeBuffer = (globalThis as { Buffer?: LatinBuffer }).Buffer;

/** The bytes of a text known to be ASCII (here: base64url and dots, already checked). */
function asciiBytes(text: string): Uint8Array {
  if (nodeBuffer === undefined) return utf8(text);
  const bytes = nodeBuffer.from(text, 'latin1');
  // A plain Uint8Array view, as base64urlDecode returns, rather than the Buffer subclass.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Splits and decodes a compact JWS (RFC 7515 §5.2 steps 1–7); a message says what is wrong. */
export function parseCompactJws(
  jws: unknown,
): { ok: true; value: ParsedJws } | { ok: false; message: string } {
  if (typeof jws !== 'string') return { ok: false, message: 'not a string' };
  if (jws.length > maxJwsLength)
    return { ok: false, message: `longer than ${maxJwsLength} characters` };
  const parts = jws.split('.');
  if (parts.length !== 3)
    return { ok: false, message: `compact JWS has 3 parts, this has ${parts.length}` };
  const [h, p, s] = parts as [string, string, string];
  // The failures are reported in this order: base64url of each part, then UTF-8, then JSON.
  const header = decodeHeader(h);
  if (header === 'header is not base64url') return { ok: false, message: header };
  const payloadBytes = base64urlDecode(p);
  const signature = base64urlDecode(s);
  if (payloadBytes === undefined) return { ok: false, message: 'payload is not base64url' };
  if (signature === undefined) return { ok: false, message: 'signature is not base64url' };
  if (header === 'header is not UTF-8') return { ok: false, message: header };
  const payloadText = utf8Decode(payloadBytes);
  if (payloadText === undefined) return { ok: false, message: 'payload is not UTF-8' };
  if (typeof header === 'string') return { ok: false, message: header };
  const payload = parseJson(payloadText);
  if (!payload.ok) return { ok: false, message: 'payload is not JSON' };
  return {
    ok: true,
    value: {
      header,
      payloadText,
      payload: payload.value,
      // The token up to its second dot is the signing input, all ASCII (base64url checked).
      signingInput: asciiBytes(jws.slice(0, h.length + 1 + p.length)),
      signature,
    },
  };
}

/** Reads the payload of a compact JWS without verifying anything; `undefined` if unreadable. */
export function decodeJwsPayload(jws: string): unknown {
  const parsed = parseCompactJws(jws);
  return parsed.ok ? parsed.value.payload : undefined;
}
