import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '../bytes.js';
import { canonicalBytes, canonicalize } from '../canonical-json.js';
import type { Signer } from '../keys/signer.js';

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
  const headerBytes = base64urlDecode(h);
  const payloadBytes = base64urlDecode(p);
  const signature = base64urlDecode(s);
  if (headerBytes === undefined) return { ok: false, message: 'header is not base64url' };
  if (payloadBytes === undefined) return { ok: false, message: 'payload is not base64url' };
  if (signature === undefined) return { ok: false, message: 'signature is not base64url' };
  const headerText = utf8Decode(headerBytes);
  const payloadText = utf8Decode(payloadBytes);
  if (headerText === undefined) return { ok: false, message: 'header is not UTF-8' };
  if (payloadText === undefined) return { ok: false, message: 'payload is not UTF-8' };
  const header = parseJson(headerText);
  if (
    !header.ok ||
    typeof header.value !== 'object' ||
    header.value === null ||
    Array.isArray(header.value)
  ) {
    return { ok: false, message: 'header is not a JSON object' };
  }
  const payload = parseJson(payloadText);
  if (!payload.ok) return { ok: false, message: 'payload is not JSON' };
  return {
    ok: true,
    value: {
      header: header.value as Record<string, unknown>,
      payloadText,
      payload: payload.value,
      signingInput: utf8(`${h}.${p}`),
      signature,
    },
  };
}

/**
 * Whether a payload text is exactly the RFC 8785 serialisation of what it parses to. kpx
 * requires it: it rules out duplicate member names, which parsers resolve differently.
 */
export function isCanonicalJsonText(text: string, parsed: unknown): boolean {
  // Fast path, same answer: when every object's members already enumerate in RFC 8785 order
  // (§3.2.3), canonicalize(parsed) is the engine's plain JSON.stringify(parsed), which runs
  // without a replacer call per value. Anything else (members out of order, array-index-like
  // names, which JS enumerates first) is decided by canonicalize itself.
  if (membersInOrder(parsed)) return JSON.stringify(parsed) === text;
  try {
    return canonicalize(parsed) === text;
  } catch {
    return false;
  }
}

/** Whether every object in a parsed JSON value enumerates its members in UTF-16 code-unit order. */
function membersInOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!membersInOrder(item)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const [key, member] of Object.entries(value)) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!membersInOrder(member)) return false;
  }
  return true;
}

/** Reads the payload of a compact JWS without verifying anything; `undefined` if unreadable. */
export function decodeJwsPayload(jws: string): unknown {
  const parsed = parseCompactJws(jws);
  return parsed.ok ? parsed.value.payload : undefined;
}
