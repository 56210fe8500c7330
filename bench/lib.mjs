// Shared helpers for the benchmarks: rates are medians over several rounds, each round a
// fixed wall-clock slice, so a noisy neighbour skews one round, not the result.
import {
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const quick = process.argv.includes('--quick');

/** The value after `name` on the command line (`--certificates 5000`), if any. */
export function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The PostgreSQL server of the PostgreSQL rows (trust auth on loopback, as the tests use it). */
export const postgresUrl =
  process.env.KPX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let schemas = 0;
/** A schema name no earlier run used: each node of each run gets a fresh, empty one. */
export function freshSchema(name) {
  schemas += 1;
  return `kpx_bench_${process.pid}_${Date.now().toString(36)}_${schemas}_${name}`;
}

/** Runs one statement on the PostgreSQL server with a short-lived connection. */
export async function postgresStatement(statement) {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

// Clocks a rate can be measured against: wall time, or the CPU time of this process (user +
// system, every thread). On a shared machine other processes stretch wall time but not the CPU
// time the work itself takes, so pure-CPU rows use CPU time: operations per CPU-second.
const clocks = {
  wall: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/** One round: calls `fn` in batches of `batch` for `ms` of `clock`; operations per second. */
async function runRound(fn, ms, batch, clock) {
  const read = clocks[clock];
  let n = 0;
  const start = read();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i += 1) {
      const r = fn(n + i);
      if (r && typeof r.then === 'function') await r;
    }
    n += batch;
    now = read();
  }
  return (n * 1000) / (now - start);
}

/**
 * Operations per second of `fn` (sync or async), median of `rounds` rounds of `sliceMs` each,
 * after a warm-up round. `batch` calls run between clock reads to keep timer cost out;
 * `clock: 'cpu'` counts per CPU-second of this process instead of per wall-clock second.
 */
export async function rate(
  fn,
  { rounds = quick ? 3 : 7, sliceMs = quick ? 150 : 400, batch = 20, clock = 'wall' } = {},
) {
  await runRound(fn, Math.min(200, sliceMs), batch, clock);
  const results = [];
  for (let i = 0; i < rounds; i += 1) results.push(await runRound(fn, sliceMs, batch, clock));
  return median(results);
}

/**
 * Rates of several functions measured side by side: each round runs one slice of every
 * function in turn, so a noisy neighbour slows all of them alike and their ratios hold.
 * `fns` maps a name to `{ fn, batch? }`; returns the median rate of each name.
 */
export async function ratesSideBySide(
  fns,
  { rounds = quick ? 5 : 9, sliceMs = quick ? 100 : 300, clock = 'cpu' } = {},
) {
  const entries = Object.entries(fns);
  for (const [, { fn, batch = 20 }] of entries)
    await runRound(fn, Math.min(200, sliceMs), batch, clock);
  const results = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round += 1)
    for (const [name, { fn, batch = 20 }] of entries)
      results[name].push(await runRound(fn, sliceMs, batch, clock));
  return Object.fromEntries(entries.map(([name]) => [name, median(results[name])]));
}

const results = [];

/** Records one result row in the shape of bench/results/latest.json. */
export function record(row) {
  results.push(row);
  const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toFixed(2)}`;
  const limit = row.limit === undefined ? '' : `  limit ${fmt(row.limit)}`;
  console.log(
    `${row.name.padEnd(52)} ${row.backend.padEnd(8)} ${fmt(row.value).padStart(12)} ${row.unit}${limit}${ratio}`,
  );
}

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));

/** Where {@link writeResults} writes: bench/results/latest.json, whatever the working directory. */
export const resultsFile = fileURLToPath(new URL('results/latest.json', import.meta.url));

/** Writes this run's rows to bench/results/latest.json, exactly `{ results: [...] }`. */
export function writeResults(file = resultsFile) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ results }, null, 2) + '\n');
  return results;
}

// sodium-native as @kpx/protocol resolves it (it is that package's dependency, not the bench's).
function loadSodium() {
  const protocolEntry = createRequire(import.meta.url).resolve('@kpx/protocol/node');
  try {
    return createRequire(protocolEntry)('sodium-native');
  } catch {
    return undefined; // no binary for this platform: no libsodium rows
  }
}

/**
 * Raw Ed25519 by each library kpx may use (docs/decisions.md D17) for one key pair (JWKs):
 * `{ 'node:crypto': { sign(bytes), verify(bytes, signature) }, libsodium?: … }` — the limits the
 * kpx rows are compared with; `ed25519Backend()` of @kpx/protocol/node says which one kpx uses.
 */
export function rawEd25519Libraries(privateJwk, publicJwk) {
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
  const libraries = {
    'node:crypto': {
      sign: (bytes) => nodeSign(null, bytes, privateKey),
      verify: (bytes, signature) => nodeVerify(null, bytes, publicKey, signature),
    },
  };
  const sodium = loadSodium();
  if (sodium !== undefined) {
    const sodiumPublicKey = Buffer.alloc(32);
    const sodiumSecretKey = sodium.sodium_malloc(64);
    sodium.crypto_sign_seed_keypair(
      sodiumPublicKey,
      sodiumSecretKey,
      Buffer.from(privateJwk.d, 'base64url'),
    );
    libraries.libsodium = {
      sign: (bytes) => {
        const signature = Buffer.alloc(64);
        sodium.crypto_sign_detached(signature, bytes, sodiumSecretKey);
        return signature;
      },
      verify: (bytes, signature) =>
        sodium.crypto_sign_verify_detached(signature, bytes, sodiumPublicKey),
    };
  }
  return libraries;
}
