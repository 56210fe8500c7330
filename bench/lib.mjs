// Shared helpers for the benchmarks: rates are medians over several rounds, each round a
// fixed wall-clock slice, so a noisy neighbour skews one round, not the result.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';

export const quick = process.argv.includes('--quick');

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

/**
 * Operations per second of `fn` (sync or async), median of `rounds` rounds of `sliceMs` each,
 * after a warm-up round. `batch` calls run between clock reads to keep timer cost out.
 */
export async function rate(
  fn,
  { rounds = quick ? 3 : 7, sliceMs = quick ? 150 : 400, batch = 20 } = {},
) {
  const runRound = async (ms) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < batch; i += 1) {
        const r = fn(n + i);
        if (r && typeof r.then === 'function') await r;
      }
      n += batch;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  await runRound(Math.min(200, sliceMs));
  const results = [];
  for (let i = 0; i < rounds; i += 1) results.push(await runRound(sliceMs));
  return median(results);
}

const results = [];

/** Records one result row in the shape of bench/results/latest.json. */
export function record(row) {
  results.push(row);
  const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toFixed(2)}`;
  const limit = row.limit === undefined ? '' : `  limit ${fmt(row.limit)}`;
  console.log(
    `${row.name.padEnd(44)} ${row.backend.padEnd(8)} ${fmt(row.value).padStart(12)} ${row.unit}${limit}${ratio}`,
  );
}

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));

/** Merges this run's rows into bench/results/latest.json (rows with the same name+backend are replaced). */
export function writeResults(file = 'bench/results/latest.json') {
  mkdirSync('bench/results', { recursive: true });
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).results ?? []) : [];
  const key = (r) => `${r.name}\u0000${r.backend}`;
  const fresh = new Set(results.map(key));
  const merged = [...previous.filter((r) => !fresh.has(key(r))), ...results];
  writeFileSync(
    file,
    JSON.stringify(
      { generatedAt: new Date().toISOString(), node: process.version, quick, results: merged },
      null,
      2,
    ) + '\n',
  );
  return results;
}
