import { defaultImportingAuthorities, participants, seedAuthorities } from '@kpx/domain';
import {
  endorseListKey,
  generateKeyPair,
  signTrustList,
  trustListSchema,
  type PublicJwk,
  type SignatureAlg,
  type TrustList,
} from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';

/** A node of a development network as the trust list names it. */
export type NetworkMember = {
  authority: string;
  endpoint: string;
  publicJwk: PublicJwk;
  kid: string;
  alg: SignatureAlg;
  validFrom: string;
};

/**
 * A trust list in the registry's format over the seed Participants and authorities (the
 * domain's tables), with an endpoint and a key for every member node; the other authorities are
 * paper partners. What `kpx network up` publishes until the registry replaces it.
 */
export function buildNetworkTrustList(
  members: readonly NetworkMember[],
  options: {
    version: number;
    issuedAt: string;
    nextUpdate: string;
    listKey?: { kid: string; jwk: PublicJwk; validFrom: string; validTo: string };
  },
): TrustList {
  const byAuthority = new Map(members.map((m) => [m.authority, m] as const));
  const list: TrustList = {
    version: options.version,
    issuedAt: options.issuedAt,
    nextUpdate: options.nextUpdate,
    participants: participants.map((p) => ({
      code: p.code,
      names: { ...p.names },
      status: 'active' as const,
    })),
    authorities: seedAuthorities.map((a) => {
      const member = byAuthority.get(a.id);
      return {
        id: a.id,
        participant: a.participant,
        names: { ...a.names },
        mayIssue: a.mayIssue,
        mayImport: a.mayImport,
        defaultImporting: defaultImportingAuthorities[a.participant] === a.id,
        ...(member === undefined ? {} : { endpoint: member.endpoint }),
        numberPattern: a.numberPattern,
        validity: { ...a.validity },
      };
    }),
    keys: members.map((m) => ({
      kid: m.kid,
      alg: m.alg,
      jwk: m.publicJwk,
      authority: m.authority,
      validFrom: m.validFrom,
    })),
    ...(options.listKey === undefined
      ? {}
      : { listKeys: [{ alg: 'EdDSA' as const, ...options.listKey }] }),
  };
  return trustListSchema.parse(list);
}

/** Signs successive versions of a network's trust list under one root and list key. */
export type NetworkTrustListSigner = {
  /** The root public key (with its `kid`) that nodes pin. */
  readonly rootKey: PublicJwk & { kid: string };
  /** The next version (1, 2, …) over these members, as a signed `kpx-trust-list+jwt`. */
  sign(members: readonly NetworkMember[], now: Date): Promise<{ jws: string; list: TrustList }>;
};

/**
 * Generates a root key and an online list key (Ed25519, in memory only: a development network
 * has no offline ceremony) and endorses the list key with the root, so every list signed is
 * the same `kpx-trust-list+jwt` a registry publishes: nodes pin the root and verify it.
 */
export async function createNetworkTrustListSigner(options: {
  now: Date;
  validityDays?: number;
}): Promise<NetworkTrustListSigner> {
  const day = 24 * 60 * 60 * 1000;
  const root = await generateKeyPair('EdDSA');
  const listKey = await generateKeyPair('EdDSA');
  const start = options.now.getTime();
  const validity = {
    validFrom: new Date(start - day).toISOString(),
    validTo: new Date(start + 366 * day).toISOString(),
  };
  const endorsement = await endorseListKey(
    { jwk: listKey.publicJwk, ...validity },
    createNodeSigner(root.privateJwk),
  );
  const listSigner = createNodeSigner(listKey.privateJwk);
  let version = 0;
  return {
    rootKey: { ...root.publicJwk, kid: root.kid },
    async sign(members, now) {
      version += 1;
      const list = buildNetworkTrustList(members, {
        version,
        issuedAt: new Date(now.getTime() - 60_000).toISOString(),
        nextUpdate: new Date(now.getTime() + (options.validityDays ?? 90) * day).toISOString(),
        listKey: { kid: listKey.kid, jwk: listKey.publicJwk, ...validity },
      });
      return { jws: await signTrustList(list, listSigner, endorsement), list };
    },
  };
}
