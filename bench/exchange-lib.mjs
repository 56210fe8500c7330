// Helpers of bench/exchange.mjs: a node pair on loopback sockets, a load driver, and a CPU
// profile summary. Nodes run in this process (one JS thread for client and both nodes, like the
// raw composite they are compared with).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import {
  createNetworkTrustListSigner,
  initNodeDirectory,
  openNodeDirectory,
  silentLogger,
  startNodeServer,
} from '@kpx/node';
import { sampleDraft } from '@kpx/domain';
import { Pool } from 'undici';
import { freshSchema, postgresStatement, postgresUrl } from './lib.mjs';

// Shared with the statistics suite (bench/lib.mjs); re-exported for bench/exchange.mjs.
export { postgresStatement, postgresUrl };

const passphrase = 'bench passphrase, not a secret';
const scryptCost = { N: 2 ** 10, r: 8, p: 1 };

/**
 * RU-MINFIN and EU-BE-ANTWERP initialised as `kpx node init` does (default settings: SQLite
 * synchronous=FULL with group commit), a signed trust list naming both, served on loopback.
 * `workers: false` serves without the outbox dispatcher (issue or receive alone).
 * `backend: 'postgres'` moves each node's database to a fresh schema on {@link postgresUrl}
 * (node.json edited as an operator would; the schemas are dropped by `stop()`).
 * `rateLimit: false` turns the flood protection off (node.json `rateLimit.enabled`): a load
 * generator on one address is exactly what it is there to stop.
 */
export async function startPair(options) {
  // The ports are probed free, then bound later by the nodes: on a shared machine another
  // process can take one in between. Such a pair is torn down and made again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startPairOnce(options);
    } catch (error) {
      const taken = error?.code === 'KPX_CONFIG_INVALID' && /already in use/.test(error.message);
      if (!taken || attempt === 3) throw error;
    }
  }
}

async function startPairOnce({
  workers,
  synchronous = 'full',
  backend = 'sqlite',
  rateLimit = true,
}) {
  const root = mkdtempSync(join(tmpdir(), 'kpx-bench-'));
  const signer = await createNetworkTrustListSigner({ now: new Date() });
  const trustList = join(root, 'trust-list.jwt');
  const validFrom = new Date(Date.now() - 60_000);
  const inits = [];
  for (const [name, authority] of [
    ['ru', 'RU-MINFIN'],
    ['eu', 'EU-BE-ANTWERP'],
  ]) {
    // Port 0 is not allowed in node.json: bind a free port first.
    const probe = await startProbe();
    inits.push(
      await initNodeDirectory({
        dir: join(root, name),
        authority,
        passphrase,
        port: probe,
        trustList,
        trustRoot: signer.rootKey,
        scryptCost,
        now: validFrom,
        tuning: { synchronous },
      }),
    );
  }
  const { jws } = await signer.sign(
    inits.map((i) => ({
      authority: i.authority,
      endpoint: i.publicUrl,
      publicJwk: i.publicJwk,
      kid: i.kid,
      alg: i.alg,
      validFrom: validFrom.toISOString(),
    })),
    new Date(),
  );
  writeFileSync(trustList, jws);
  const nodes = [];
  for (const init of inits) {
    const schema =
      backend === 'postgres' ? freshSchema(init.authority.toLowerCase().replace(/-/g, '_')) : null;
    if (schema !== null || !rateLimit) {
      const file = JSON.parse(readFileSync(init.files.config, 'utf8'));
      if (schema !== null) file.database = { kind: 'postgres', url: postgresUrl, schema };
      if (!rateLimit) file.rateLimit = { enabled: false };
      writeFileSync(init.files.config, JSON.stringify(file, null, 2) + '\n');
    }
    const opened = await openNodeDirectory(init.dir, { passphrase, logger: silentLogger() });
    let server;
    try {
      server = await startNodeServer(opened.node, { ...opened.server, startWorkers: workers });
    } catch (error) {
      await opened.node.stop();
      await opened.release();
      if (schema !== null) await postgresStatement(`drop schema if exists ${schema} cascade`);
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
    // Through the node, not the init's admin token: on PostgreSQL that token stayed in SQLite.
    const token = async (role) =>
      (await opened.node.createToken({ role, name: `bench ${role}` })).token;
    nodes.push({
      authority: init.authority,
      url: server.url,
      dir: init.dir,
      node: opened.node,
      db: opened.node.context.storage.db,
      issuer: await token('issuer'),
      async stop() {
        await server.close();
        await opened.release();
        if (schema !== null) await postgresStatement(`drop schema if exists ${schema} cascade`);
      },
    });
  }
  return {
    ru: nodes[0],
    eu: nodes[1],
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function startProbe() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Shipment sizes relative to the sample draft.
const sizes = [1000, 640, 1375, 212, 1890, 815, 1120, 455];
const scale = (amount, permille) => {
  const cents = BigInt(amount.replace('.', '')) * BigInt(permille);
  const rounded = (cents + 500n) / 1000n;
  return `${rounded / 100n}.${String(rounded % 100n).padStart(2, '0')}`;
};

/** The i-th draft: the sample draft varied in size and parcels. */
export function draft(i) {
  const size = sizes[i % sizes.length];
  return {
    ...sampleDraft,
    items: sampleDraft.items.map((item) => ({
      hs: item.hs,
      carats: scale(item.carats, size),
      valueUsd: scale(item.valueUsd, size),
    })),
    parcels: 1 + ((i * 3) % 7),
    seals: [`RU-S-${String(i).padStart(6, '0')}`],
  };
}

/** An undici pool to `url` with `connections` keep-alive connections. */
export function pool(url, connections) {
  return new Pool(url, { connections, pipelining: 1 });
}

/**
 * Runs `total` calls of `fn(i)` with at most `concurrency` in flight; returns the elapsed
 * milliseconds and each call's latency.
 */
export async function drive(total, concurrency, fn) {
  const latencies = new Array(total);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      const t = performance.now();
      await fn(i);
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { elapsedMs: performance.now() - started, latencies };
}

/** Runs `fn(i)` for i < total at a fixed arrival rate (open loop), not waiting for answers. */
export async function driveAtRate(total, perSecond, fn) {
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(fn(i));
  }
  await Promise.all(pending);
  return { elapsedMs: performance.now() - started };
}

/** POSTs JSON through a pool; throws unless the status is `expect`. */
export async function postJson(client, path, body, headers, expect) {
  const res = await client.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode !== expect)
    throw new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  return text;
}

/** Polls until `check()` is true. */
export async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** CPU profile of `work()` with node:inspector, summarised by where the self time goes. */
export async function profile(work) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await work();
  const { profile: cpu } = await session.post('Profiler.stop');
  session.disconnect();
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const total = cpu.timeDeltas.reduce((a, b) => a + b, 0);
  const areas = new Map();
  const functions = new Map();
  cpu.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = cpu.timeDeltas[i] ?? 0;
    const { url, functionName, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + dt);
  });
  // Inclusive time of kpx functions: each sample counted once for every distinct kpx frame on its stack.
  const parent = new Map();
  for (const n of cpu.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const inclusive = new Map();
  cpu.samples.forEach((id, i) => {
    const dt = cpu.timeDeltas[i] ?? 0;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { url, functionName, lineNumber } = byId.get(at).callFrame;
      if (!url.includes('/packages/') || functionName === '') continue;
      const key = `${functionName} ${shortUrl(url)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, share: us / total }));
  return {
    totalMs: total / 1000,
    areas: top(areas, 14),
    functions: top(functions, 12),
    kpx: top(inclusive, 22),
  };
}

function shortUrl(url) {
  if (url === '') return '';
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '')
    .replace(/.*\/packages\//, '@kpx/');
}

function areaOf(url, functionName) {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)' || functionName === '(program)')
      return `(${functionName.slice(1, -1)})`;
    return 'native (crypto, sqlite, fs, …)';
  }
  const short = shortUrl(url);
  if (short.startsWith('node:')) return `node: ${short.split('/')[1] ?? short}`;
  const parts = short.split('/');
  if (short.startsWith('@kpx/'))
    return `${parts[0]}/${parts[1]}/${parts.slice(3, -1).join('/') || parts.at(-1)}`;
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}
