import type { Certificate } from '@kpx/domain';
import { decode, encode } from 'cbor2';
import { base64urlDecode, base64urlEncode } from '../bytes.js';
import { strictCbor } from './cose-sign1.js';

/** Longest free text (exporter and importer names) carried in a QR, in Unicode code points. */
export const qrNameMaxLength = 60;

/**
 * The claims of a QR payload: what an officer at a border needs without the full document, and
 * the digest that ties the QR to the full signed certificate.
 */
export type QrClaims = {
  number: string;
  issuingAuthority: string;
  exportingParticipant: string;
  importingParticipant: string;
  importingAuthority: string;
  issuedOn: string;
  expiresOn: string;
  origin: string;
  parcels: number;
  items: { hs: string; carats: string; valueUsd: string }[];
  seals: string[];
  transit: string[];
  /** Exporter's name, cut to {@link qrNameMaxLength} code points (see {@link truncateName}). */
  exporterName: string;
  importerName: string;
  replaces?: string;
  /** The certificate JWS's `iat` (NumericDate): the signing time for key validity. */
  iat: number;
  /** base64url SHA-256 of the UTF-8 bytes of the full signed certificate (the vc+jwt). */
  documentDigest: string;
};

/**
 * Integer keys of the claims map (spec/qr-payload.md). Append-only: never renumber.
 */
export const qrClaimKeys = {
  number: 1,
  issuingAuthority: 2,
  exportingParticipant: 3,
  importingParticipant: 4,
  importingAuthority: 5,
  issuedOn: 6,
  expiresOn: 7,
  origin: 8,
  parcels: 9,
  items: 10,
  seals: 11,
  transit: 12,
  exporterName: 13,
  importerName: 14,
  replaces: 15,
  iat: 16,
  documentDigest: 17,
} as const satisfies Record<keyof QrClaims, number>;

/**
 * Cuts free text to {@link qrNameMaxLength} Unicode code points: a longer text keeps its first
 * 59 code points followed by `…` (U+2026), so a reader sees it was cut.
 *
 * @example
 * ```ts
 * truncateName('Я'.repeat(70)); // 59 × 'Я' followed by '…': 60 code points
 * ```
 */
export function truncateName(text: string): string {
  const points = Array.from(text);
  return points.length <= qrNameMaxLength
    ? text
    : `${points.slice(0, qrNameMaxLength - 1).join('')}…`;
}

/** The claims of a certificate signed as `iat` whose vc+jwt has `documentDigest`. */
export function claimsOf(certificate: Certificate, iat: number, documentDigest: string): QrClaims {
  const claims: QrClaims = {
    number: certificate.number,
    issuingAuthority: certificate.issuingAuthority,
    exportingParticipant: certificate.exportingParticipant,
    importingParticipant: certificate.importingParticipant,
    importingAuthority: certificate.importingAuthority,
    issuedOn: certificate.issuedOn,
    expiresOn: certificate.expiresOn,
    origin: certificate.origin,
    parcels: certificate.parcels,
    items: certificate.items.map((i) => ({ hs: i.hs, carats: i.carats, valueUsd: i.valueUsd })),
    seals: [...certificate.seals],
    transit: [...certificate.transit],
    exporterName: truncateName(certificate.exporter.name),
    importerName: truncateName(certificate.importer.name),
    iat,
    documentDigest,
  };
  if (certificate.replaces !== undefined) claims.replaces = certificate.replaces;
  return claims;
}

/** Encodes claims as a CBOR map with the integer keys of {@link qrClaimKeys}, keys ascending. */
export function encodeClaims(claims: QrClaims): Uint8Array {
  const k = qrClaimKeys;
  const entries: [number, unknown][] = [
    [k.number, claims.number],
    [k.issuingAuthority, claims.issuingAuthority],
    [k.exportingParticipant, claims.exportingParticipant],
    [k.importingParticipant, claims.importingParticipant],
    [k.importingAuthority, claims.importingAuthority],
    [k.issuedOn, claims.issuedOn],
    [k.expiresOn, claims.expiresOn],
    [k.origin, claims.origin],
    [k.parcels, claims.parcels],
    [k.items, claims.items.map((i) => [i.hs, i.carats, i.valueUsd])],
    [k.seals, claims.seals],
    [k.transit, claims.transit],
    [k.exporterName, claims.exporterName],
    [k.importerName, claims.importerName],
  ];
  if (claims.replaces !== undefined) entries.push([k.replaces, claims.replaces]);
  entries.push(
    [k.iat, claims.iat],
    [k.documentDigest, base64urlDecode(claims.documentDigest) ?? new Uint8Array(0)],
  );
  return encode(new Map(entries), { cde: true });
}

type Reader = { get(key: number): unknown; problems: string[] };

function text(r: Reader, key: number, name: string, max = 200): string {
  const v = r.get(key);
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    r.problems.push(`${name} (${key}) is not a text of 1–${max} characters`);
  return typeof v === 'string' ? v : '';
}

function uint(r: Reader, key: number, name: string): number {
  const v = r.get(key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    r.problems.push(`${name} (${key}) is not an unsigned integer`);
  return typeof v === 'number' ? v : 0;
}

function texts(r: Reader, key: number, name: string): string[] {
  const v = r.get(key);
  if (
    !Array.isArray(v) ||
    v.length > 50 ||
    !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 100)
  ) {
    r.problems.push(`${name} (${key}) is not an array of texts`);
    return [];
  }
  return v as string[];
}

/**
 * Decodes the CBOR claims map, returning every problem found (unknown keys are refused: the
 * table is versioned by the `KP1:` prefix). `claims` is filled as far as it could be read, so a
 * verifier can name the claimed issuer before checking the signature; trust it only when
 * `problems` is empty.
 */
export function decodeClaims(bytes: Uint8Array): {
  claims: QrClaims | undefined;
  problems: string[];
} {
  let map: unknown;
  try {
    map = decode(bytes, strictCbor);
  } catch (error) {
    return {
      claims: undefined,
      problems: [`claims are not CBOR: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  if (!(map instanceof Map)) return { claims: undefined, problems: ['claims are not a CBOR map'] };
  const known = new Set<unknown>(Object.values(qrClaimKeys));
  const problems = [...map.keys()]
    .filter((key) => !known.has(key))
    .map((key) => `unknown claim key ${String(key)}`);
  const r: Reader = { get: (key) => map.get(key), problems };
  const k = qrClaimKeys;
  const rawItems = map.get(k.items);
  const items: QrClaims['items'] = [];
  if (!Array.isArray(rawItems) || rawItems.length === 0 || rawItems.length > 10) {
    problems.push(`items (${k.items}) is not an array of 1–10 lines`);
  } else {
    for (const line of rawItems) {
      if (
        !Array.isArray(line) ||
        line.length !== 3 ||
        !line.every((s) => typeof s === 'string' && s.length <= 20)
      ) {
        problems.push(`items (${k.items}) has a line that is not [hs, carats, valueUsd]`);
        break;
      }
      const [hs, carats, valueUsd] = line as [string, string, string];
      items.push({ hs, carats, valueUsd });
    }
  }
  const digest = map.get(k.documentDigest);
  if (!(digest instanceof Uint8Array) || digest.length !== 32)
    problems.push(`documentDigest (${k.documentDigest}) is not 32 bytes`);
  const claims: QrClaims = {
    number: text(r, k.number, 'number', 40),
    issuingAuthority: text(r, k.issuingAuthority, 'issuingAuthority', 40),
    exportingParticipant: text(r, k.exportingParticipant, 'exportingParticipant', 2),
    importingParticipant: text(r, k.importingParticipant, 'importingParticipant', 2),
    importingAuthority: text(r, k.importingAuthority, 'importingAuthority', 40),
    issuedOn: text(r, k.issuedOn, 'issuedOn', 10),
    expiresOn: text(r, k.expiresOn, 'expiresOn', 10),
    origin: text(r, k.origin, 'origin', 5),
    parcels: uint(r, k.parcels, 'parcels'),
    items,
    seals: texts(r, k.seals, 'seals'),
    transit: texts(r, k.transit, 'transit'),
    exporterName: text(r, k.exporterName, 'exporterName', qrNameMaxLength * 2),
    importerName: text(r, k.importerName, 'importerName', qrNameMaxLength * 2),
    iat: uint(r, k.iat, 'iat'),
    documentDigest: digest instanceof Uint8Array ? base64urlEncode(digest) : '',
  };
  if (map.has(k.replaces)) claims.replaces = text(r, k.replaces, 'replaces', 40);
  for (const [name, value] of [
    ['exporterName', claims.exporterName],
    ['importerName', claims.importerName],
  ] as const) {
    if (Array.from(value).length > qrNameMaxLength)
      problems.push(`${name} is longer than ${qrNameMaxLength} code points`);
  }
  return { claims, problems };
}
