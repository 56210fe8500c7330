import { sampleDraft } from '@kpx/domain';
import type { TrustList } from '@kpx/protocol';
import { createCompany } from '../applications/companies.js';
import type { NodeConfigInput } from '../config/node-config.js';
import { createNode, type KpxNode } from '../create-node.js';
import {
  createFetchTransport,
  routeByOrigin,
  type FetchHandler,
} from '../outbox/fetch-transport.js';
import { createManualClock, type ManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { roles, type Role } from '../tokens/roles.js';
import { staticTrustSource } from '../trust/trust-source.js';
import {
  buildTestTrustList,
  generateTestKey,
  testEndpoint,
  type TestKey,
} from './test-trust-list.js';

/** One node of a test network, with a token for every role. */
export type TestNode = {
  node: KpxNode;
  key: TestKey;
  /** A token for every role; the `trader` one acts for {@link TestNode.company}. */
  tokens: Readonly<Record<Role, string>>;
  /** The id of the company registered on the node: the sample draft's exporter. */
  company: string;
  /** `app.request` with the role's bearer token (or none). */
  request(path: string, init?: RequestInit & { role?: Role; json?: unknown }): Promise<Response>;
};

/** Several nodes wired through `app.fetch` in one process, on one manual clock. */
export type TestNetwork = {
  clock: ManualClock;
  trustList: TrustList;
  nodes: Readonly<Record<string, TestNode>>;
  /** Takes a node off the network (its partners' deliveries fail like a refused connection) or back. */
  setReachable(authority: string, reachable: boolean): void;
  stop(): Promise<void>;
};

/**
 * TEST ONLY: a network of real nodes (real SQLite in memory unless `database` says otherwise,
 * real signatures) wired in-process: the dispatcher of one calls the `app.fetch` of the other.
 * Workers are not started; tests call `node.dispatchOutbox()` and step the clock, so retries
 * and backoff are deterministic.
 *
 * @example
 * ```ts
 * const net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
 * const ru = net.nodes['RU-MINFIN']!;
 * await ru.request('/api/v1/certificates', { method: 'POST', role: 'issuer', json: sampleDraft });
 * await ru.node.dispatchOutbox();
 * ```
 */
export async function createTestNetwork(
  authorities: readonly string[],
  options: {
    start?: string;
    databasePath?: (authority: string) => string;
    /** Each node's database (e.g. a PostgreSQL schema of its own); default in-memory SQLite. */
    database?: (authority: string) => NodeConfigInput['database'];
    /** More configuration for each node (e.g. `webhooks.allowedTargets`). */
    config?: (authority: string) => Partial<NodeConfigInput>;
  } = {},
): Promise<TestNetwork> {
  const clock = createManualClock(options.start ?? '2026-03-02T09:00:00.000Z');
  const keys = Object.fromEntries(authorities.map((a) => [a, generateTestKey()] as const));
  const trustList = buildTestTrustList(
    Object.fromEntries(authorities.map((a) => [a, keys[a]!.publicJwk] as const)),
  );
  const routes: Record<string, FetchHandler> = {};
  const unreachable = new Set<string>();
  const transport = createFetchTransport(routeByOrigin(routes));
  const nodes: Record<string, TestNode> = {};
  for (const authority of authorities) {
    const key = keys[authority]!;
    const node = await createNode(
      {
        ...options.config?.(authority),
        authority,
        signingKey: key.privateJwk,
        database: options.database?.(authority) ?? {
          kind: 'sqlite',
          path: options.databasePath?.(authority) ?? ':memory:',
        },
      },
      { clock, transport, logger: silentLogger(), trustSource: staticTrustSource(trustList) },
    );
    routes[new URL(testEndpoint(authority)).origin] = (request) =>
      unreachable.has(authority)
        ? Promise.reject(new Error(`connect ECONNREFUSED ${authority}`))
        : node.fetch(request);
    const tokens = {} as Record<Role, string>;
    for (const role of roles)
      tokens[role] = (await node.createToken({ role, name: `test ${role}` })).token;
    // A licensed exporter (the sample draft's) and its trader (docs/applications.md).
    const company = await createCompany(
      node.context,
      {
        name: sampleDraft.exporter.name,
        address: sampleDraft.exporter.address,
        licence: sampleDraft.exporter.licence,
      },
      'system',
    );
    tokens.trader = (
      await node.createToken({ role: 'trader', name: 'test trader', company: company.id })
    ).token;
    nodes[authority] = {
      node,
      key,
      tokens,
      company: company.id,
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
  return {
    clock,
    trustList,
    nodes,
    setReachable(authority, reachable) {
      if (reachable) unreachable.delete(authority);
      else unreachable.add(authority);
    },
    async stop() {
      await Promise.all(Object.values(nodes).map((n) => n.node.stop()));
    },
  };
}
