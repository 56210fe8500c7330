import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createNetworkTrustListSigner,
  initNodeDirectory,
  type NodeTuning,
  type PostgresDatabaseInput,
} from '@kpx/node';
import type { Role } from '@kpx/node';
import type { DialectHarness } from './dialects.js';
import { freePorts } from './free-ports.js';
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
  /** A PostgreSQL database for the node's data; default the SQLite file of its directory. */
  database?: PostgresDatabaseInput;
};

export type FederationDir = NodeSpec & { dir: string; url: string; adminToken: string };

/**
 * The `database` of a federation node on `harness`'s dialect: none (the SQLite file of the node
 * directory, as `kpx node init` makes it) or a fresh PostgreSQL schema of the test file's
 * database, which separate node processes can open.
 */
export function federationDatabase(harness: DialectHarness): Pick<NodeSpec, 'database'> {
  if (harness.dialect === 'sqlite') return {};
  const database = harness.durableDatabase();
  if (database.kind !== 'postgres') throw new Error('a PostgreSQL harness gave no PostgreSQL');
  return { database };
}

/**
 * RU (`RU-MINFIN`) and EU (`EU-BE-ANTWERP`, Antwerp) on free loopback ports and on `harness`'s
 * dialect (none: SQLite), each spec extended by `extra` (TLS files, say): the pair most
 * federation tests exchange between.
 */
export async function ruAndEu(
  harness?: DialectHarness,
  extra: { ru?: Partial<NodeSpec>; eu?: Partial<NodeSpec> } = {},
): Promise<[NodeSpec, NodeSpec]> {
  const [ruPort, euPort] = (await freePorts(2)) as [number, number];
  // A schema of its own for each node.
  const database = () => (harness === undefined ? {} : federationDatabase(harness));
  return [
    {
      name: 'ru',
      authority: 'RU-MINFIN',
      participant: 'RU',
      port: ruPort,
      ...database(),
      ...extra.ru,
    },
    {
      name: 'eu',
      authority: 'EU-BE-ANTWERP',
      participant: 'EU',
      port: euPort,
      ...database(),
      ...extra.eu,
    },
  ];
}

/**
 * TEST ONLY: initialises a node directory per spec (as `kpx node init` does) and writes the
 * trust list the registry would publish — every node's endpoint and key, signed under a root
 * key every node pins — so `kpx node start --dir` works for each. A spec's `database` is
 * given to init (`kpx node init --db`): node.json names it and it holds the admin token.
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
      ...(spec.database === undefined ? {} : { database: spec.database }),
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
