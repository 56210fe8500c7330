#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only NAME]`: runs the benchmarks, prints a table and writes
// bench/results/latest.json as { results: [ { name, backend, value, unit, limit?, ratio? } ] }.
import { benchSignVerify } from './sign-verify.mjs';
import { benchExchange } from './exchange.mjs';
import { benchStatistics } from './statistics.mjs';
import { writeResults } from './lib.mjs';

const suites = {
  'sign-verify': benchSignVerify,
  exchange: benchExchange,
  statistics: benchStatistics,
};
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

console.log(`${'benchmark'.padEnd(44)} ${'backend'.padEnd(8)} ${'median'.padStart(12)} unit`);
for (const [name, suite] of Object.entries(suites)) {
  if (only !== undefined && only !== name) continue;
  await suite();
}
const rows = writeResults();
console.log(`wrote bench/results/latest.json (${rows.length} rows this run)`);
