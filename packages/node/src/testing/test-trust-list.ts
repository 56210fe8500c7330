import { generateKeyPairSync } from 'node:crypto';
import { defaultImportingAuthorities, participants, seedAuthorities } from '@kpx/domain';
import { trustListSchema, type PrivateJwk, type PublicJwk, type TrustList } from '@kpx/protocol';
import { jwkThumbprintNode } from '@kpx/protocol/node';

/** TEST ONLY: a freshly generated Ed25519 key pair with its RFC 7638 kid. */
export type TestKey = { privateJwk: PrivateJwk; publicJwk: PublicJwk; kid: string };

/** TEST ONLY: a new Ed25519 key (node:crypto, synchronous). */
export function generateTestKey(): TestKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const priv = privateKey.export({ format: 'jwk' }) as {
    kty: 'OKP';
    crv: 'Ed25519';
    x: string;
    d: string;
  };
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: priv.x };
  return {
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x: priv.x, d: priv.d },
    publicJwk,
    kid: jwkThumbprintNode(publicJwk),
  };
}

/** The base URL test networks give an authority's node. */
export function testEndpoint(authority: string): string {
  return `http://${authority.toLowerCase()}.kpx.test`;
}

/**
 * TEST ONLY: a trust list in the registry's format over the seed Participants and authorities,
 * with an endpoint and a key for each authority in `nodes` (others are paper partners).
 */
export function buildTestTrustList(
  nodes: Readonly<Record<string, PublicJwk & { kid?: string }>>,
  options: {
    version?: number;
    issuedAt?: string;
    nextUpdate?: string;
    keysValidFrom?: string;
  } = {},
): TrustList {
  const list: TrustList = {
    version: options.version ?? 1,
    issuedAt: options.issuedAt ?? '2026-01-01T00:00:00Z',
    nextUpdate: options.nextUpdate ?? '2027-12-31T00:00:00Z',
    participants: participants.map((p) => ({
      code: p.code,
      names: { ...p.names },
      status: 'active' as const,
    })),
    authorities: seedAuthorities.map((a) => ({
      id: a.id,
      participant: a.participant,
      names: { ...a.names },
      mayIssue: a.mayIssue,
      mayImport: a.mayImport,
      defaultImporting: defaultImportingAuthorities[a.participant] === a.id,
      numberPattern: a.numberPattern,
      validity: { ...a.validity },
      ...(nodes[a.id] === undefined ? {} : { endpoint: testEndpoint(a.id) }),
    })),
    keys: Object.entries(nodes).map(([authority, jwk]) => ({
      kid: jwkThumbprintNode(jwk),
      alg: 'EdDSA' as const,
      jwk: { kty: 'OKP', crv: 'Ed25519', x: (jwk as { x: string }).x },
      authority,
      validFrom: options.keysValidFrom ?? '2026-01-01T00:00:00Z',
    })),
  };
  return trustListSchema.parse(list);
}
