import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { KpxError } from '@kpx/domain';
import { generateKeyPair, type PublicJwk, type SignatureAlg } from '@kpx/protocol';
import { createNodeSigner, type ScryptCost } from '@kpx/protocol/node';
import type { NodeConfigInput } from '../config/node-config.js';
import { createNode, type KpxNode } from '../create-node.js';
import { readSealedKeyFile, writeSealedKeyFile } from '../keystore/sealed-key-file.js';
import type { NodeContext } from '../node-context.js';
import type { Clock } from '../runtime/clock.js';
import { createIdGenerator } from '../runtime/id-generator.js';
import type { Logger } from '../runtime/logger.js';
import { secureRandom } from '../runtime/random.js';
import { openSqliteStorage } from '../storage/open-sqlite.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/storage.js';
import { describePostgres, refuseUsedDatabase } from './used-database.js';
import { createToken, type CreatedToken } from '../tokens/create-token.js';
import {
  directoryKeyStore,
  resolveDirectoryTrustList,
  trustListCacheFile,
} from '../trust/node-directory-trust.js';
import { createAgentTransport, type OutboundTls } from './agent-transport.js';
import { isLoopbackHost, urlHost } from './loopback.js';
import { parseNodeFile, readNodeFile, type NodeFile, type NodeFileInput } from './node-file.js';
import { startNodeServer, type NodeServer, type NodeServerOptions } from './start-node-server.js';

/** The files of a node directory, relative to it. */
export const nodeDirectoryLayout = Object.freeze({
  config: 'node.json',
  signingKey: 'keys/signing-key.sealed.json',
  database: 'node.sqlite',
  publicJwks: 'public.jwks.json',
  /** Where the trust list is expected when `kpx node init` was given none. */
  trustList: 'trust-list.json',
});

/** Node settings `kpx node init` does not ask for but a caller may set (tests: short backoff). */
export type NodeTuning = Pick<
  NodeConfigInput,
  'exchange' | 'outbox' | 'expirySweepIntervalMs' | 'api'
> & {
  synchronous?: 'full' | 'normal';
};

/** Options of {@link initNodeDirectory}. */
export type InitNodeDirectoryOptions = {
  dir: string;
  /** e.g. `RU-MINFIN`. */
  authority: string;
  /** Seals the signing key; at least 8 characters. */
  passphrase: string;
  /** Where `kpx node start` reads the passphrase. Default `KPX_PASSPHRASE`. */
  passphraseEnv?: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 8443 with TLS, 8080 without. */
  port?: number;
  /** Default `http(s)://host:port`; required when binding a wildcard address. */
  publicUrl?: string;
  /** The registry's trust list file (default `<dir>/trust-list.json`, to be placed there). */
  trustList?: string;
  /** The registry root public key to pin: a signed trust list must verify against it. */
  trustRoot?: PublicJwk;
  /** The registry to poll for the trust list (needs `trustRoot`); its last list is cached in the directory. */
  registryUrl?: string;
  /** Server certificate and key (PEM files); with `clientCa`, mutual TLS on `/exchange`. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** CA and client certificate of outgoing deliveries (PEM files). */
  outboundTls?: { ca?: string; cert?: string; key?: string };
  /** Default EdDSA. */
  alg?: SignatureAlg;
  tuning?: NodeTuning;
  /** When the key becomes valid (default now). */
  now?: Date;
  /** scrypt cost of the sealed key (tests lower it). */
  scryptCost?: ScryptCost;
  /**
   * A PostgreSQL database instead of the directory's SQLite file (`kpx node init --db`): written
   * to node.json, migrated, and given the first admin token. It must not hold a node's data yet.
   */
  database?: PostgresDatabaseInput;
};

/** `database` of {@link InitNodeDirectoryOptions}: where a PostgreSQL node keeps its data. */
export type PostgresDatabaseInput = Extract<NodeConfigInput['database'], { kind: 'postgres' }>;

/** What {@link initNodeDirectory} made. `adminToken.token` is shown once and stored nowhere. */
export type InitializedNodeDirectory = {
  dir: string;
  authority: string;
  kid: string;
  alg: SignatureAlg;
  publicJwk: PublicJwk;
  publicUrl: string;
  adminToken: CreatedToken;
  files: {
    config: string;
    signingKey: string;
    /** The SQLite file, or for PostgreSQL its URL without a password, and the schema. */
    database: string;
    publicJwks: string;
    trustList: string;
  };
};

/** One key of `public.jwks.json` (RFC 7517 §5 with kpx members, as `kpx keys generate` writes them). */
export type PublicKeyEntry = PublicJwk & {
  kid: string;
  alg: SignatureAlg;
  use: 'sig';
  kpx_authority: string;
  kpx_valid_from: string;
  kpx_endpoint: string;
};

function configError(detail: string): KpxError {
  return new KpxError('KPX_CONFIG_INVALID', { detail });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A path as written to node.json: absolute paths stay, others are taken from the working directory. */
const absolute = (path: string): string => resolve(path);
/** A path of node.json resolved against the directory. */
const inDir = (dir: string, path: string): string => (isAbsolute(path) ? path : join(dir, path));

/**
 * `kpx node init`: creates a node directory — `node.json` (validated), the signing key sealed
 * under the passphrase (`keys/signing-key.sealed.json`, mode 0600), the migrated SQLite database
 * and `public.jwks.json` (what the registry enrols) — and the first admin token, whose secret
 * is returned once (only its SHA-256 is stored). Refuses (`KPX_CONFLICT`) a directory that is
 * already initialised; on any failure removes what it wrote.
 */
export async function initNodeDirectory(
  options: InitNodeDirectoryOptions,
): Promise<InitializedNodeDirectory> {
  const dir = resolve(options.dir);
  const files = {
    config: join(dir, nodeDirectoryLayout.config),
    signingKey: join(dir, nodeDirectoryLayout.signingKey),
    database: join(dir, nodeDirectoryLayout.database),
    publicJwks: join(dir, nodeDirectoryLayout.publicJwks),
    trustList:
      options.trustList === undefined
        ? join(dir, nodeDirectoryLayout.trustList)
        : absolute(options.trustList),
  };
  const postgres = options.database;
  if (postgres !== undefined) files.database = describePostgres(postgres);
  const localFiles = [files.config, files.signingKey, ...(postgres ? [] : [files.database])];
  for (const path of localFiles) {
    if (await exists(path)) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `${dir} is already initialised (${path} exists); choose an empty directory`,
      });
    }
  }
  if (options.passphrase.length < 8)
    throw configError('the passphrase must have at least 8 characters');

  const host = options.host ?? '127.0.0.1';
  const scheme = options.tls === undefined ? 'http' : 'https';
  const port = options.port ?? (options.tls === undefined ? 8080 : 8443);
  if (options.tls === undefined && !isLoopbackHost(host)) {
    throw configError(
      `--host ${host} is not loopback: plain HTTP is served on loopback only; give --tls-cert and --tls-key`,
    );
  }
  if (options.publicUrl === undefined && (host === '0.0.0.0' || host === '::')) {
    throw configError(
      `--host ${host} listens on every interface: give --public-url, the address partners use`,
    );
  }
  const publicUrl = options.publicUrl ?? `${scheme}://${urlHost(host)}:${port}`;
  // The trust list need not exist yet: the registry lists the node after it enrols
  // public.jwks.json, and `kpx node start` checks for it.
  for (const [field, path] of [
    ['--tls-cert', options.tls?.cert],
    ['--tls-key', options.tls?.key],
    ['--client-ca', options.tls?.clientCa],
    ['outbound CA', options.outboundTls?.ca],
    ['outbound client certificate', options.outboundTls?.cert],
    ['outbound client key', options.outboundTls?.key],
  ] as const) {
    if (path !== undefined && !(await exists(path)))
      throw configError(`${field} ${path}: no such file`);
  }

  const { synchronous, ...tuning } = options.tuning ?? {};
  const fileInput: NodeFileInput = {
    authority: options.authority,
    database: postgres ?? {
      kind: 'sqlite',
      path: nodeDirectoryLayout.database,
      ...(synchronous === undefined ? {} : { synchronous }),
    },
    trustList: {
      path: options.trustList === undefined ? nodeDirectoryLayout.trustList : files.trustList,
      ...(options.trustRoot === undefined ? {} : { rootKey: options.trustRoot }),
      ...(options.registryUrl === undefined
        ? {}
        : { registryUrl: options.registryUrl, cachePath: trustListCacheFile }),
    },
    ...tuning,
    server: {
      host,
      port,
      publicUrl,
      ...(options.tls === undefined
        ? {}
        : {
            tls: {
              cert: absolute(options.tls.cert),
              key: absolute(options.tls.key),
              ...(options.tls.clientCa === undefined
                ? {}
                : { clientCa: absolute(options.tls.clientCa) }),
            },
          }),
    },
    ...(options.outboundTls === undefined
      ? {}
      : {
          outbound: {
            tls: Object.fromEntries(
              Object.entries(options.outboundTls).flatMap(([k, v]) =>
                v === undefined ? [] : [[k, absolute(v)]],
              ),
            ),
          },
        }),
    keys: {
      signing: nodeDirectoryLayout.signingKey,
      passphraseEnv: options.passphraseEnv ?? 'KPX_PASSPHRASE',
    },
  };
  // Validate before writing anything: a bad option leaves no half-made directory.
  parseNodeFile(fileInput, '(kpx node init options)');

  const created: string[] = [];
  try {
    await mkdir(join(dir, 'keys'), { recursive: true, mode: 0o700 });
    const now = options.now ?? new Date();
    const alg = options.alg ?? 'EdDSA';
    const { privateJwk } = await generateKeyPair(alg);
    created.push(files.signingKey);
    const keyFile = await writeSealedKeyFile(files.signingKey, {
      privateJwk,
      authority: options.authority,
      passphrase: options.passphrase,
      createdAt: now.toISOString(),
      ...(options.scryptCost === undefined ? {} : { cost: options.scryptCost }),
    });

    const entry: PublicKeyEntry = {
      ...keyFile.publicJwk,
      kid: keyFile.kid,
      alg: keyFile.alg,
      use: 'sig',
      kpx_authority: options.authority,
      kpx_valid_from: now.toISOString(),
      kpx_endpoint: publicUrl,
    };
    created.push(files.publicJwks);
    await writeFile(files.publicJwks, JSON.stringify({ keys: [entry] }, null, 2) + '\n', {
      flag: 'wx',
    });

    let storage: Storage;
    if (postgres === undefined) {
      created.push(files.database, `${files.database}-wal`, `${files.database}-shm`);
      storage = await openSqliteStorage({ path: files.database });
    } else {
      storage = await openStorage(parseNodeFile(fileInput, '(kpx node init options)').database);
    }
    let adminToken: CreatedToken;
    try {
      if (postgres !== undefined) await refuseUsedDatabase(storage, files.database);
      // createToken needs only the clock, randomness, ids and storage of a node: no trust
      // list is needed to make the first token (the node cannot start without one yet).
      const clock: Clock = { now: () => now.getTime() };
      const bootstrap = {
        clock,
        random: secureRandom,
        ids: createIdGenerator(clock, secureRandom),
        storage,
      };
      adminToken = await createToken(
        bootstrap as unknown as NodeContext,
        { role: 'admin', name: 'first admin (kpx node init)' },
        'system',
      );
    } finally {
      await storage.close();
    }

    created.push(files.config);
    const temp = `${files.config}.tmp`;
    await writeFile(temp, JSON.stringify(fileInput, null, 2) + '\n', { flag: 'wx' });
    await rename(temp, files.config);
    return {
      dir,
      authority: options.authority,
      kid: keyFile.kid,
      alg: keyFile.alg,
      publicJwk: keyFile.publicJwk,
      publicUrl,
      adminToken,
      files,
    };
  } catch (error) {
    await Promise.all(created.map((path) => rm(path, { force: true })));
    throw error;
  }
}

/** Options of {@link openNodeDirectory}. */
export type OpenNodeDirectoryOptions = {
  /** The passphrase; by default read from the environment variable node.json names. */
  passphrase?: string;
  /** Where to read the passphrase when not given (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides `database` (`kpx node start --db`): `postgres://…`, or a SQLite path (`sqlite:PATH`, `file:PATH`). */
  database?: string;
  logger?: Logger;
  clock?: Clock;
};

/** A node directory opened: the node (not yet serving) and how to serve it. */
export type OpenedNodeDirectory = {
  node: KpxNode;
  file: NodeFile;
  /** Host, port, TLS material (PEM, read from the files) and grace period of the server. */
  server: Omit<NodeServerOptions, 'signal' | 'startWorkers'>;
  /** Ends what the node does not own (its outbound connection pool); call after `node.stop()`. */
  release(): Promise<void>;
};

/**
 * `--db`: a PostgreSQL URL (`postgres://…`, several node processes may share it), or a SQLite
 * file (`sqlite:PATH`, `file:PATH` or a plain path).
 */
function databaseOverride(
  value: string,
): { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string } {
  if (/^postgres(ql)?:/i.test(value)) {
    if (!/^postgres(ql)?:\/\/\S+$/i.test(value)) {
      throw configError('--db: a postgres:// or postgresql:// URL');
    }
    return { kind: 'postgres', url: value };
  }
  const path = value.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (path.length === 0) throw configError(`--db ${value}: no path`);
  return { kind: 'sqlite', path };
}

async function readPem(dir: string, path: string, field: string): Promise<string> {
  try {
    return await readFile(inDir(dir, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      `${field} ${inDir(dir, path)}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`}`,
    );
  }
}

/**
 * `kpx node start` up to serving: reads and validates `node.json` (`KPX_CONFIG_INVALID` naming
 * the field), opens the sealed key (`KPX_PASSPHRASE_WRONG`), checks the trust list is there, and
 * creates the node with an outbound transport that trusts the configured CA.
 */
export async function openNodeDirectory(
  dirInput: string,
  options: OpenNodeDirectoryOptions = {},
): Promise<OpenedNodeDirectory> {
  const dir = resolve(dirInput);
  const configPath = join(dir, nodeDirectoryLayout.config);
  const file = await readNodeFile(configPath);
  const override = options.database === undefined ? undefined : databaseOverride(options.database);
  const database =
    override !== undefined
      ? override.kind === 'sqlite' && file.database.kind === 'sqlite'
        ? { ...file.database, path: override.path }
        : override
      : file.database.kind === 'sqlite'
        ? { ...file.database, path: inDir(dir, file.database.path) }
        : file.database;
  const keyPath = inDir(dir, file.keys.signing);
  const passphrase = options.passphrase ?? (options.env ?? process.env)[file.keys.passphraseEnv];
  if (passphrase === undefined || passphrase.length === 0) {
    throw configError(
      `the passphrase of ${keyPath} is read from the environment variable ${file.keys.passphraseEnv}, which is not set`,
    );
  }
  const key = await readSealedKeyFile(keyPath, passphrase);
  if (key.authority !== file.authority) {
    throw configError(
      `${keyPath} is a key of ${key.authority}, but ${configPath} /authority is ${file.authority}`,
    );
  }
  const trustList = await resolveDirectoryTrustList(dir, file.trustList, configPath);

  const { server, outbound, keys: _keys, ...nodeConfig } = file;
  const config: NodeConfigInput = {
    ...nodeConfig,
    database,
    ...(trustList === undefined ? {} : { trustList }),
  };

  const tls: OutboundTls = {};
  if (outbound.tls?.ca !== undefined)
    tls.ca = await readPem(dir, outbound.tls.ca, 'outbound.tls.ca');
  if (outbound.tls?.cert !== undefined)
    tls.cert = await readPem(dir, outbound.tls.cert, 'outbound.tls.cert');
  if (outbound.tls?.key !== undefined)
    tls.key = await readPem(dir, outbound.tls.key, 'outbound.tls.key');
  const serverOptions: OpenedNodeDirectory['server'] = {
    host: server.host,
    port: server.port,
    shutdownGraceMs: server.shutdownGraceMs,
  };
  if (server.tls !== undefined) {
    serverOptions.tls = {
      cert: await readPem(dir, server.tls.cert, 'server.tls.cert'),
      key: await readPem(dir, server.tls.key, 'server.tls.key'),
    };
    if (server.tls.clientCa !== undefined)
      serverOptions.clientCa = await readPem(dir, server.tls.clientCa, 'server.tls.clientCa');
  }

  const outboundTransport = createAgentTransport(tls);
  let node: KpxNode;
  try {
    node = await createNode(config, {
      signer: createNodeSigner(key.privateJwk),
      keyStore: directoryKeyStore(keyPath, passphrase),
      transport: outboundTransport.transport,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  } catch (error) {
    await outboundTransport.close();
    throw error;
  }
  return { node, file, server: serverOptions, release: () => outboundTransport.close() };
}

/**
 * Opens a node directory and serves it until `signal` aborts or `close()` is called; the
 * returned server's `close()` also releases the outbound connections. What `kpx node start` runs.
 */
export async function serveNodeDirectory(
  dir: string,
  options: OpenNodeDirectoryOptions & { signal?: AbortSignal } = {},
): Promise<NodeServer & { node: KpxNode; publicUrl: string }> {
  const opened = await openNodeDirectory(dir, options);
  let server: NodeServer;
  try {
    server = await startNodeServer(opened.node, opened.server);
  } catch (error) {
    await opened.node.stop();
    await opened.release();
    throw error;
  }
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= server.close().finally(() => opened.release());
    return closed;
  };
  if (options.signal !== undefined) {
    if (options.signal.aborted) void close();
    else options.signal.addEventListener('abort', () => void close(), { once: true });
  }
  return {
    url: server.url,
    port: server.port,
    close,
    node: opened.node,
    publicUrl: opened.file.server.publicUrl,
  };
}
