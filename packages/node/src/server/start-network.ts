import { randomBytes } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultDirectory, KpxError } from '@kpx/domain';
import type { PublicJwk } from '@kpx/protocol';
import type { ScryptCost } from '@kpx/protocol/node';
import { startNetworkRegistry } from '@kpx/registry';
import type { KpxNode } from '../create-node.js';
import { createLogger, type Logger } from '../runtime/logger.js';
import { allRoles, roles, type Role } from '../tokens/roles.js';
import { openListener, type Listener } from './http-listener.js';
import { isLoopbackHost } from './loopback.js';
import { initNodeDirectory, openNodeDirectory, type NodeTuning } from './node-directory.js';
import { createNetworkTrustListSigner, type NetworkMember } from './network-trust-list.js';
import { serveNodeOn, type NodeServer } from './start-node-server.js';
import { serveStaticRegistry } from './static-registry.js';

/**
 * The registry side of a development network: where nodes read the trust list and which root
 * key they pin. By default `@kpx/registry`'s `startNetworkRegistry`: a real registry (seed
 * authorities, key enrolment) that every node polls for the list; {@link startStaticRegistry}, a
 * list signed in memory and served at `/trust-list.json`, can be passed as
 * `NetworkOptions.registry` instead.
 */
export type NetworkRegistry = {
  /** Base URL, written to `network.json` as `registry.url`. */
  readonly url: string;
  /** The root public key nodes pin (`trustList.rootKey`). */
  readonly rootKey: PublicJwk & { kid: string };
  /** Lists the member nodes (endpoint and key each) and returns the signed trust list (compact JWS). */
  publish(members: readonly NetworkMember[]): Promise<string>;
  close(): Promise<void>;
};

/** Starts a {@link NetworkRegistry}. */
export type NetworkRegistryFactory = (options: {
  dir: string;
  host: string;
  port: number;
  now: Date;
}) => Promise<NetworkRegistry>;

/** Options of {@link startNetwork}. */
export type NetworkOptions = {
  /** Where the network keeps its files: `network.json`, the trust list, one node directory per Participant. */
  dir: string;
  /** Participant codes, e.g. `['RU', 'EU']`; each gets a node for its default importing authority. */
  participants: readonly string[];
  /** The registry listens on `basePort`, the nodes on the next ports in order; `0` picks free ports. Default 7400. */
  basePort?: number;
  /** Loopback interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Default: pino at `warn`. */
  logger?: Logger;
  /** Node settings (tests shorten the backoff). */
  tuning?: NodeTuning;
  /** scrypt cost of the nodes' sealed keys (tests lower it). */
  scryptCost?: ScryptCost;
  registry?: NetworkRegistryFactory;
  /**
   * A PostgreSQL database for every node instead of SQLite files (`kpx network up --db`): each
   * node keeps its tables in schema `kpx_<participant>` (which must not hold a node yet).
   */
  postgresUrl?: string;
};

/** One node of a running network. */
export type NetworkNode = {
  participant: string;
  authority: string;
  url: string;
  /** The node directory (`kpx node init` layout). */
  dir: string;
  /** A bearer token for every role. */
  tokens: Readonly<Record<Role, string>>;
  /** A console account for every role (`<participant>-<role>`, generated password). */
  users: readonly NetworkUser[];
  /** The licensed exporter registered on the node; `tokens.trader` and `<participant>-trader` act for it. */
  company: NetworkCompany;
  node: KpxNode;
};

/** The demo company of a node (docs/applications.md): its trader applies for certificates. */
export type NetworkCompany = { id: string; name: string; address: string; licence: string };

/** A console account of a development network, with its password (it is a demo). */
export type NetworkUser = { username: string; password: string; role: Role };

/** `network.json` (ARCHITECTURE.md, `kpx network up`). */
export type NetworkManifest = {
  registry: { url: string };
  nodes: Record<
    string,
    {
      url: string;
      authority: string;
      tokens: Record<Role, string>;
      users: NetworkUser[];
      company: NetworkCompany;
    }
  >;
};

/** A running network. */
export type RunningNetwork = {
  dir: string;
  registryUrl: string;
  /** By Participant code. */
  nodes: Readonly<Record<string, NetworkNode>>;
  manifest: NetworkManifest;
  /** `<dir>/network.json`. */
  manifestPath: string;
  /** Shuts every node down gracefully (requests and dispatcher passes in flight finish), then the registry. */
  stop(): Promise<void>;
};

/** The registry stand-in: a trust list signed in memory, served at `/trust-list.json`. */
export const startStaticRegistry: NetworkRegistryFactory = async ({ host, port, now }) => {
  const signer = await createNetworkTrustListSigner({ now });
  const listener = await openListener({ host, port });
  let current = '';
  serveStaticRegistry(listener, { trustList: () => current, rootKey: signer.rootKey });
  return {
    url: listener.url,
    rootKey: signer.rootKey,
    async publish(members) {
      current = (await signer.sign(members, new Date())).jws;
      return current;
    },
    close: () => listener.close(),
  };
};

function participantAuthority(code: string): string {
  if (defaultDirectory.participant(code) === undefined) {
    throw new KpxError('KPX_PARTICIPANT_UNKNOWN', { detail: `${code} is not a KP Participant` });
  }
  const authority = defaultDirectory.defaultImportingAuthority(code);
  if (authority === undefined)
    throw new KpxError('KPX_AUTHORITY_UNKNOWN', {
      detail: `${code} has no default importing authority`,
    });
  return authority.id;
}

/**
 * `kpx network up` as a function: one node per Participant (its default importing authority;
 * `EU` → `EU-BE-ANTWERP`) in this process, each served on its own loopback port with its own
 * SQLite file (or PostgreSQL schema, `postgresUrl`) and sealed key, a trust list naming every node's endpoint and key signed with a
 * root key the network generates, and `<dir>/network.json` with a token and a console account
 * (`<participant>-<role>`, generated password) for every role.
 * Refuses (`KPX_CONFLICT`) a directory that already holds a network.
 *
 * @example
 * ```ts
 * const net = await startNetwork({ dir: '/tmp/net', participants: ['RU', 'EU'], basePort: 0 });
 * await fetch(`${net.nodes.RU!.url}/api/v1/certificates`, { method: 'POST', headers: {
 *   authorization: `Bearer ${net.nodes.RU!.tokens.issuer}` , 'content-type': 'application/json' }, body });
 * await net.stop();
 * ```
 */
export async function startNetwork(options: NetworkOptions): Promise<RunningNetwork> {
  const dir = resolve(options.dir);
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host))
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `a development network binds loopback only, not ${host}`,
    });
  const codes = [
    ...new Set(options.participants.map((p) => p.trim().toUpperCase()).filter((p) => p.length > 0)),
  ];
  if (codes.length === 0)
    throw new KpxError('KPX_CONFIG_INVALID', { detail: 'name at least one Participant' });
  const authorities = codes.map(participantAuthority);
  const manifestPath = join(dir, 'network.json');
  try {
    await access(manifestPath);
    throw new KpxError('KPX_CONFLICT', {
      detail: `${dir} already holds a network (${manifestPath}); choose another directory`,
    });
  } catch (error) {
    if (error instanceof KpxError) throw error;
  }
  await mkdir(dir, { recursive: true });
  const basePort = options.basePort ?? 7400;
  const portAt = (i: number): number => (basePort === 0 ? 0 : basePort + i);
  const logger = options.logger ?? createLogger({ level: 'warn' });
  const now = new Date();

  const cleanup: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'network shutdown step failed');
      }
    }
  };
  try {
    const registry = await (options.registry ?? startNetworkRegistry)({
      dir: join(dir, 'registry'),
      host,
      port: portAt(0),
      now,
    });
    cleanup.push(() => registry.close());
    const listeners: Listener[] = [];
    for (const [i] of codes.entries()) {
      const listener = await openListener({ host, port: portAt(i + 1) });
      listeners.push(listener);
      cleanup.push(() => listener.close());
    }

    const trustListFile = join(dir, 'trust-list.jwt');
    const passphrases = codes.map(() => randomBytes(24).toString('base64url'));
    const members: NetworkMember[] = [];
    const adminTokens = new Map<string, string>();
    for (const [i, code] of codes.entries()) {
      const init = await initNodeDirectory({
        dir: join(dir, code),
        authority: authorities[i] as string,
        passphrase: passphrases[i] as string,
        host,
        port: (listeners[i] as Listener).port,
        publicUrl: (listeners[i] as Listener).url,
        trustList: trustListFile,
        trustRoot: registry.rootKey,
        registryUrl: registry.url,
        now: new Date(now.getTime() - 60_000),
        ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
        ...(options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost }),
        ...(options.postgresUrl === undefined
          ? {}
          : {
              database: {
                kind: 'postgres' as const,
                url: options.postgresUrl,
                schema: `kpx_${code.toLowerCase()}`,
              },
            }),
      });
      members.push({
        authority: init.authority,
        endpoint: init.publicUrl,
        publicJwk: init.publicJwk,
        kid: init.kid,
        alg: init.alg,
        validFrom: new Date(now.getTime() - 60_000).toISOString(),
      });
      adminTokens.set(code, init.adminToken.token);
    }
    await writeFile(trustListFile, (await registry.publish(members)) + '\n');

    const nodes: Record<string, NetworkNode> = {};
    const manifest: NetworkManifest = { registry: { url: registry.url }, nodes: {} };
    for (const [i, code] of codes.entries()) {
      const nodeDir = join(dir, code);
      const opened = await openNodeDirectory(nodeDir, {
        passphrase: passphrases[i] as string,
        logger,
      });
      cleanup.push(() => opened.release());
      const server: NodeServer = serveNodeOn(listeners[i] as Listener, opened.node);
      cleanup.push(() => server.close());
      const tokens = { admin: adminTokens.get(code) } as Record<Role, string>;
      for (const role of roles) {
        if (role === 'admin') continue;
        tokens[role] = (await opened.node.createToken({ role, name: `network ${role}` })).token;
      }
      // In parallel: each is one scrypt hash, which runs on the libuv thread pool.
      // A licensed exporter and its trader (token and console account), for trying applications.
      const company = await opened.node.createCompany({
        name: `${code} Demo Exporter`,
        address: `1 Demo Street, ${code}`,
        licence: `${code}-EXP-DEMO-0001`,
      });
      tokens.trader = (
        await opened.node.createToken({
          role: 'trader',
          name: 'network trader',
          company: company.id,
        })
      ).token;
      const users: NetworkUser[] = await Promise.all(
        allRoles.map(async (role) => {
          const username = `${code.toLowerCase()}-${role}`;
          const created = await opened.node.createUser({
            username,
            role,
            displayName: username,
            ...(role === 'trader' ? { company: company.id } : {}),
          });
          return { username, password: created.initialPassword ?? '', role };
        }),
      );
      const networkCompany: NetworkCompany = {
        id: company.id,
        name: company.name,
        address: company.address,
        licence: company.licence,
      };
      nodes[code] = {
        participant: code,
        authority: opened.node.authority,
        url: server.url,
        dir: nodeDir,
        tokens,
        users,
        company: networkCompany,
        node: opened.node,
      };
      manifest.nodes[code] = {
        url: server.url,
        authority: opened.node.authority,
        tokens: { ...tokens },
        users: users.map((u) => ({ ...u })),
        company: { ...networkCompany },
      };
    }
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });

    let stopped: Promise<void> | undefined;
    return {
      dir,
      registryUrl: registry.url,
      nodes,
      manifest,
      manifestPath,
      stop: () => (stopped ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
