import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNetworkTrustListSigner, initNodeDirectory, type NodeTuning } from '@kpx/node';
import type { Role } from '@kpx/node';
import { memberOf } from './trust-list.js';
import type { TestApi } from './api-client.js';

/** The passphrase of every test node's sealed key. */
export const testPassphrase = 'correct horse battery staple';
/** A cheap scrypt cost for test keys (the default is exercised by the keystore tests). */
export const testScryptCost = { N: 2 ** 10, r: 8, p: 1 };

export type NodeSpec = {
  name: string;
  authority: string;
  participant: string;
  port: number;
  tls?: { cert: string; key: string; clientCa?: string };
  outboundTls?: { ca?: string; cert?: string; key?: string };
};

export type FederationDir = NodeSpec & { dir: string; url: string; adminToken: string };

/**
 * TEST ONLY: initialises a node directory per spec (as `kpx node init` does) and writes the
 * trust list the registry would publish — every node's endpoint and key, signed under a root
 * key every node pins — so `kpx node start --dir` works for each.
 */
export async function initFederation(
  root: string,
  specs: readonly NodeSpec[],
  tuning: NodeTuning = {},
): Promise<{ nodes: Record<string, FederationDir>; trustList: string }> {
  const signer = await createNetworkTrustListSigner({ now: new Date() });
  const trustList = join(root, 'trust-list.jwt');
  const nodes: Record<string, FederationDir> = {};
  for (const spec of specs) {
    const dir = join(root, spec.name);
    const init = await initNodeDirectory({
      dir,
      authority: spec.authority,
      passphrase: testPassphrase,
      port: spec.port,
      trustList,
      trustRoot: signer.rootKey,
      scryptCost: testScryptCost,
      now: new Date(Date.now() - 60_000),
      tuning,
      ...(spec.tls === undefined ? {} : { tls: spec.tls }),
      ...(spec.outboundTls === undefined ? {} : { outboundTls: spec.outboundTls }),
    });
    nodes[spec.name] = { ...spec, dir, url: init.publicUrl, adminToken: init.adminToken.token };
  }
  const { jws } = await signer.sign(
    Object.values(nodes).map((n) => memberOf(n.dir)),
    new Date(),
  );
  writeFileSync(trustList, jws + '\n');
  return { nodes, trustList };
}

/** Creates a token of `role` through the admin API. */
export async function tokenFor(api: TestApi, adminToken: string, role: Role): Promise<string> {
  const { status, body } = await api.call('POST', '/api/v1/tokens', {
    token: adminToken,
    json: { role, name: `test ${role}` },
  });
  if (status !== 201) throw new Error(`token for ${role}: HTTP ${status} ${JSON.stringify(body)}`);
  return (body as { token: string }).token;
}
