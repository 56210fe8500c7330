// RU-MINFIN and EU-BE-ANTWERP as node directories that `kpx node start` serves, on SQLite or
// PostgreSQL, for the chaos run and the durability test: separate processes that can be
// SIGKILLed and started again, and databases the test can read after a crash. The trust list
// comes from a real registry process (`kpx registry init|add-authority|publish|start`), or,
// where the registry is beside the point, from a file signed here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicJwkSchema } from '@kpx/protocol';
import {
  createNetworkTrustListSigner,
  initNodeDirectory,
  openNodeDirectory,
  silentLogger,
  type DatabaseConfig,
  type NodeTuning,
} from '@kpx/node';
import { request } from 'undici';
import { testPassphrase, testScryptCost } from '../support/federation.js';
import { freePorts } from '../support/free-ports.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { memberOf } from '../support/trust-list.js';

export type ChaosBackend = 'sqlite' | 'postgres';

/** One node: its directory, port and database (as the test opens it). */
export type NodeSide = {
  name: 'ru' | 'eu';
  dir: string;
  port: number;
  url: string;
  database: DatabaseConfig;
};

export type TwoNodes = {
  ru: NodeSide;
  eu: NodeSide;
  /** The registry process, when asked for (stop it when done). */
  registry?: KpxProcess;
  /** A bearer token of RU's `issuer` role. */
  issuerToken: string;
};

/** Short backoff and leases, so retries and a killed process's claims resolve within a test. */
export const fastOutboxTuning: NodeTuning = {
  outbox: {
    baseDelayMs: 50,
    maxDelayMs: 1000,
    leaseMs: 3000,
    pollIntervalMs: 250,
    requestTimeoutMs: 3000,
  },
};

/**
 * Initialises `root/ru` and `root/eu` (as `kpx node init` does) and their trust list: served
 * by a registry process under `root/registry` (`registry: true`) or a file signed here, under
 * a root key both pin. `euEndpoint` is EU's exchange endpoint in the list (a fault proxy in
 * front of EU); default EU itself. On PostgreSQL both nodes use `postgresUrl`, schemas `ru`
 * and `eu`. Also makes an issuer token in RU's database.
 */
export async function initTwoNodes(options: {
  root: string;
  backend: ChaosBackend;
  postgresUrl?: string;
  /** EU's port when the caller took it already (default: a free one). */
  euPort?: number;
  euEndpoint?: (euPort: number) => string;
  tuning?: NodeTuning;
  /** Serve the trust list from a `kpx registry start` process (default: a signed file). */
  registry?: boolean;
}): Promise<TwoNodes> {
  const [ruPort, freeEuPort, registryPort] = (await freePorts(3)) as [number, number, number];
  const euPort = options.euPort ?? freeEuPort;
  const euEndpoint = options.euEndpoint?.(euPort);
  const signer = await createNetworkTrustListSigner({ now: new Date() });
  const trustList = join(options.root, 'trust-list.jwt');
  const registryDir = join(options.root, 'registry');
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  if (options.registry === true)
    await runKpx(['registry', 'init', '--dir', registryDir, '--json'], registryEnv);
  const trustSource =
    options.registry === true
      ? {
          registryUrl,
          trustRoot: publicJwkSchema.parse(
            JSON.parse(readFileSync(join(registryDir, 'root-key.pub.json'), 'utf8')),
          ),
        }
      : { trustList, trustRoot: signer.rootKey };
  const sides: NodeSide[] = [];
  for (const [name, authority, port] of [
    ['ru', 'RU-MINFIN', ruPort],
    ['eu', 'EU-BE-ANTWERP', euPort],
  ] as const) {
    const dir = join(options.root, name);
    await initNodeDirectory({
      dir,
      authority,
      passphrase: testPassphrase,
      port,
      ...trustSource,
      scryptCost: testScryptCost,
      now: new Date(Date.now() - 60_000),
      tuning: options.tuning ?? fastOutboxTuning,
    });
    let database: DatabaseConfig = {
      kind: 'sqlite',
      path: join(dir, 'node.sqlite'),
      synchronous: 'full',
    };
    if (options.backend === 'postgres') {
      if (options.postgresUrl === undefined) throw new Error('postgres needs postgresUrl');
      database = {
        kind: 'postgres',
        url: options.postgresUrl,
        schema: name,
        pool: {
          max: 8,
          idleTimeoutMs: 30_000,
          connectionTimeoutMs: 10_000,
          preparedStatements: true,
        },
      };
      const configPath = join(dir, 'node.json');
      const file = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
      writeFileSync(configPath, JSON.stringify({ ...file, database }, null, 2));
    }
    sides.push({ name, dir, port, url: `http://127.0.0.1:${port}`, database });
  }
  const [ru, eu] = sides as [NodeSide, NodeSide];
  let registry: KpxProcess | undefined;
  if (options.registry === true) {
    // What the KP Chair does: list both authorities with their nodes' keys and endpoints (EU's
    // is `euEndpoint` when given), publish, serve; the nodes poll it and pin its root key.
    for (const side of sides) {
      const authority = side.name === 'ru' ? 'RU-MINFIN' : 'EU-BE-ANTWERP';
      const endpoint = side.name === 'eu' && euEndpoint !== undefined ? euEndpoint : side.url;
      const jwks = join(side.dir, 'public.jwks.json');
      await runKpx(
        [
          'registry',
          'add-authority',
          '--dir',
          registryDir,
          '--id',
          authority,
          '--from-seed',
        ].concat(['--endpoint', endpoint, '--jwks', jwks, '--json']),
        registryEnv,
      );
    }
    await runKpx(['registry', 'publish', '--dir', registryDir, '--json'], registryEnv);
    registry = spawnKpx(
      ['registry', 'start', '--dir', registryDir, '--port', String(registryPort), '--json'],
      registryEnv,
    );
    await untilServing(`${registryUrl}/trust-list.json`, registry);
  } else {
    const euMember = memberOf(eu.dir);
    const members = [
      memberOf(ru.dir),
      euEndpoint === undefined ? euMember : { ...euMember, endpoint: euEndpoint },
    ];
    writeFileSync(trustList, (await signer.sign(members, new Date())).jws + '\n');
  }

  // The issuer's token, made in RU's database (whichever backend) before any process starts.
  const opened = await openNodeDirectory(ru.dir, {
    passphrase: testPassphrase,
    logger: silentLogger(),
  });
  try {
    const { token } = await opened.node.createToken({ role: 'issuer', name: 'chaos client' });
    return { ru, eu, issuerToken: token, ...(registry === undefined ? {} : { registry }) };
  } finally {
    await opened.node.stop();
    await opened.release();
  }
}

const registryEnv = { KPX_REGISTRY_PASSPHRASE: testPassphrase };

/** Runs a `kpx` command to its end; throws with its stderr unless it exits 0. */
async function runKpx(args: string[], env: Record<string, string>): Promise<void> {
  const proc = spawnKpx(args, env);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`kpx ${args.join(' ')} exited ${code}: ${proc.stderr()}`);
}

/** Waits until `url` answers 200 (the process prints its address in several lines). */
async function untilServing(url: string, proc: KpxProcess): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null || tries > 600)
      throw new Error(`${url} never answered: ${proc.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `kpx node start --dir` for the side and waits for its `ready` line. */
export async function startNodeProcess(side: NodeSide): Promise<KpxProcess> {
  const proc = spawnKpx(['node', 'start', '--dir', side.dir, '--json'], {
    KPX_PASSPHRASE: testPassphrase,
  });
  try {
    await proc.line('ready', 60_000);
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
  return proc;
}
