// TEST ONLY: real nodes and a real registry in one process, on one manual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initRegistry, openRegistry, type InitRegistryOptions, type Registry } from '@kpx/registry';
import { createNode, type KpxNode } from '../create-node.js';
import {
  createFetchTransport,
  routeByOrigin,
  type FetchHandler,
} from '../outbox/fetch-transport.js';
import { createManualClock, type ManualClock } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { generateTestKey, testEndpoint, type TestKey } from '../testing/test-trust-list.js';
import { roles, type Role } from '../tokens/roles.js';
import { createMemoryKeyStore, type KeyStore } from './key-store.js';
import type { RegistryFetch } from './registry-client.js';

/** One node of a {@link RegistryTestNetwork}. */
export type RegistryTestNode = {
  node: KpxNode;
  key: TestKey;
  keyStore: KeyStore;
  cachePath: string;
  tokens: Readonly<Record<Role, string>>;
  request(path: string, init?: RequestInit & { role?: Role; json?: unknown }): Promise<Response>;
};

/** Nodes that poll a real registry (`openRegistry(...).app`) through an injected fetch. */
export type RegistryTestNetwork = {
  clock: ManualClock;
  registry: Registry;
  registryUrl: string;
  dir: string;
  nodes: Readonly<Record<string, RegistryTestNode>>;
  /** The fetch every node calls the registry with (honours `registryDown` and `serve`). */
  registryFetch: RegistryFetch;
  /** Every request made to the registry: method, path, `If-None-Match`, and the status answered. */
  registryRequests: Array<{
    method: string;
    path: string;
    ifNoneMatch: string | null;
    status?: number;
  }>;
  /** Takes the registry off the network (connection refused) or back. */
  registryDown(down: boolean): void;
  /** Answers `GET /trust-list.json` with this text instead of the registry's (a replayed or forged list); `undefined` ends it. */
  serve(jws: string | undefined): void;
  setReachable(authority: string, reachable: boolean): void;
  /** A node of the network again, as after a restart (same keys, same cache file, new database). */
  restart(authority: string): Promise<RegistryTestNode>;
  stop(): Promise<void>;
};

const registryUrl = 'http://registry.kpx.test';

/**
 * TEST ONLY: a registry initialised in a temporary directory with the seed authorities (cheap
 * scrypt), each node's authority given its endpoint and key and published, and one real node
 * per authority on in-memory SQLite that takes its trust list from the registry (pinned root,
 * cache file, grace). Workers are not started: tests call `reloadTrustList()`,
 * `dispatchOutbox()` and move the clock.
 */
export async function createRegistryTestNetwork(
  authorities: readonly string[],
  options: {
    start?: string;
    registry?: Partial<Omit<InitRegistryOptions, 'dir' | 'clock' | 'passphrase'>>;
    graceMs?: number;
    refreshIntervalMs?: number;
    logger?: Logger;
  } = {},
): Promise<RegistryTestNetwork> {
  const clock = createManualClock(options.start ?? '2026-03-02T09:00:00.000Z');
  const dir = mkdtempSync(join(tmpdir(), 'kpx-trust-net-'));
  const logger = options.logger ?? silentLogger();
  const init = await initRegistry({
    passphrase: 'correct horse battery staple',
    scryptCost: 2 ** 10,
    seedAuthorities: true,
    ...options.registry,
    dir: join(dir, 'registry'),
    clock,
  });
  const registry = await openRegistry({ dir: join(dir, 'registry'), clock, refreshCheckMs: 0 });
  const keys = Object.fromEntries(authorities.map((a) => [a, generateTestKey()] as const));
  const validFrom = new Date(clock.now() - 3_600_000).toISOString();
  for (const authority of authorities) {
    await registry.updateAuthority(
      authority,
      { endpoint: testEndpoint(authority) },
      { publish: false },
    );
    await registry.addKey(
      { authority, jwk: keys[authority]!.publicJwk, validFrom },
      { publish: false },
    );
  }
  await registry.publish();

  let down = false;
  let served: string | undefined;
  const registryRequests: RegistryTestNetwork['registryRequests'] = [];
  const registryFetch: RegistryFetch = async (request) => {
    const entry: RegistryTestNetwork['registryRequests'][number] = {
      method: request.method,
      path: new URL(request.url).pathname,
      ifNoneMatch: request.headers.get('if-none-match'),
    };
    registryRequests.push(entry);
    if (down) throw new Error('connect ECONNREFUSED registry.kpx.test');
    const response =
      served !== undefined && entry.path === '/trust-list.json'
        ? new Response(served, { status: 200, headers: { 'content-type': 'application/jose' } })
        : await registry.app.fetch(request);
    entry.status = response.status;
    return response;
  };

  const routes: Record<string, FetchHandler> = {};
  const unreachable = new Set<string>();
  const transport = createFetchTransport(routeByOrigin(routes));
  const nodes: Record<string, RegistryTestNode> = {};

  async function makeNode(authority: string, keyStore: KeyStore): Promise<RegistryTestNode> {
    const key = keys[authority]!;
    const cachePath = join(dir, authority, 'trust-list.cache.jwt');
    const node = await createNode(
      {
        authority,
        signingKey: key.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
        trustList: {
          registryUrl,
          rootKey: init.rootKey,
          cachePath,
          ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
          ...(options.refreshIntervalMs === undefined
            ? {}
            : { refreshIntervalMs: options.refreshIntervalMs }),
        },
      },
      { clock, transport, logger, registryFetch, keyStore },
    );
    routes[new URL(testEndpoint(authority)).origin] = (request) =>
      unreachable.has(authority)
        ? Promise.reject(new Error(`connect ECONNREFUSED ${authority}`))
        : node.fetch(request);
    const tokens = {} as Record<Role, string>;
    for (const role of roles)
      tokens[role] = (await node.createToken({ role, name: `test ${role}` })).token;
    return {
      node,
      key,
      keyStore,
      cachePath,
      tokens,
      request(path, init = {}) {
        const { role, json, ...rest } = init;
        const headers = new Headers(rest.headers);
        if (role !== undefined) headers.set('authorization', `Bearer ${tokens[role]}`);
        if (json !== undefined) headers.set('content-type', 'application/json');
        return Promise.resolve(
          node.app.request(path, {
            ...rest,
            headers,
            ...(json === undefined ? {} : { body: JSON.stringify(json) }),
          }),
        );
      },
    };
  }

  for (const authority of authorities) {
    nodes[authority] = await makeNode(authority, createMemoryKeyStore());
  }
  return {
    clock,
    registry,
    registryUrl,
    dir,
    nodes,
    registryFetch,
    registryRequests,
    registryDown: (value) => {
      down = value;
    },
    serve: (jws) => {
      served = jws;
    },
    setReachable(authority, reachable) {
      if (reachable) unreachable.delete(authority);
      else unreachable.add(authority);
    },
    async restart(authority) {
      const old = nodes[authority]!;
      await old.node.stop();
      nodes[authority] = await makeNode(authority, old.keyStore);
      return nodes[authority];
    },
    async stop() {
      await Promise.all(Object.values(nodes).map((n) => n.node.stop()));
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
