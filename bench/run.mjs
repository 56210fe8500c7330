#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only NAME]`: runs the benchmarks, prints a table and writes
// bench/results/latest.json as { results: [ { name, backend, value, unit, limit?, ratio? } ] }
// (this run's rows; backend `sqlite`, `postgres`, or `none` for pure-CPU rows).
import { benchSignVerify } from './sign-verify.mjs';
import { benchPeers } from './peers.mjs';
import { benchPublicVerify } from './public-verify.mjs';
import { benchExchange } from './exchange.mjs';
import { benchStatistics } from './statistics.mjs';
import { cpus, loadavg } from 'node:os';
import { writeResults } from './lib.mjs';

const suites = {
  'sign-verify': benchSignVerify,
  peers: benchPeers,
  'public-verify': benchPublicVerify,
  exchange: benchExchange,
  statistics: benchStatistics,
};
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
if (only !== undefined && !(only in suites)) {
  console.error(`bench: no suite ${only}; the suites are ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

console.log(`${'benchmark'.padEnd(52)} ${'backend'.padEnd(8)} ${'median'.padStart(12)} unit`);
const started = performance.now();
const cpuStart = process.cpuUsage();
// The machine may be shared: the load before and after says how far to trust wall-clock rows.
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
console.log(
  `(${load()}, Node ${process.version}${process.argv.includes('--quick') ? ', --quick' : ''})`,
);
for (const [name, suite] of Object.entries(suites)) {
  if (only !== undefined && only !== name) continue;
  const t = performance.now();
  await suite();
  console.log(`(${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
const rows = writeResults();
const cpu = process.cpuUsage(cpuStart);
console.log(
  `wrote bench/results/latest.json (${rows.length} rows, ${((performance.now() - started) / 1000).toFixed(1)} s, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s in this process, ${load()})`,
);
