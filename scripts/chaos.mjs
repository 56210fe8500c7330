#!/usr/bin/env node
// `npm run chaos -- --certificates N --backend sqlite|postgres|both --seed S [--json]
// [--hostile-per-route N]`: the chaos run of issue 10 (test/chaos/chaos-run.ts, the same core
// CI runs with 300 certificates in test/chaos/chaos.test.ts). RU and EU as real `kpx node start`
// processes (the build, which `npm run chaos` does first), a seeded fault proxy on EU's
// /exchange, EU SIGKILLed at seeded moments and RU once; then the checks and the figures, ending
// in `lost: X, doubled: Y`. Afterwards, when scripts/hostile.mjs exists (hostile inputs against
// every route), it runs with `--per-route N` and its summary is printed too.
// Exit code: 0 all held, 1 something was lost, doubled or did not verify, 2 usage or set-up error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const usage =
  'usage: npm run chaos -- [--certificates N] [--backend sqlite|postgres|both] [--seed S] [--json] [--hostile-per-route N]';
const repo = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

function parseArgs(argv) {
  const options = {
    certificates: 10_000,
    backend: 'both',
    seed: Date.now() % 2 ** 31,
    json: false,
    hostilePerRoute: 10_000,
  };
  const wholeNumber = (flag, value, min) => {
    if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) < min)
      throw new Error(`${flag} needs a whole number ≥ ${min}, not "${value ?? ''}"`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--certificates') options.certificates = wholeNumber(flag, value(), 1);
    else if (flag === '--seed') options.seed = wholeNumber(flag, value(), 0);
    else if (flag === '--hostile-per-route')
      options.hostilePerRoute = wholeNumber(flag, value(), 0);
    else if (flag === '--json') options.json = true;
    else if (flag === '--backend') {
      options.backend = value();
      if (!['sqlite', 'postgres', 'both'].includes(options.backend))
        throw new Error(`--backend is sqlite, postgres or both, not "${options.backend}"`);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return options;
}

/** Loads a TypeScript module of the repository (vite's module runner, @kpx/* from the sources, as vitest does). */
async function load(path) {
  const src = (pkg, file = 'index.ts') => repo(`packages/${pkg}/src/${file}`);
  const { module } = await runnerImport(repo(path), {
    configFile: false,
    logLevel: 'error',
    resolve: {
      alias: {
        '@kpx/domain': src('domain'),
        '@kpx/protocol/node': src('protocol', 'node.ts'),
        '@kpx/protocol': src('protocol'),
        '@kpx/node': src('node'),
        '@kpx/registry': src('registry'),
        '@kpx/print': src('print'),
      },
    },
  });
  return module;
}

/** scripts/hostile.mjs (hostile generated inputs against every route), when it exists. */
function runHostile(perRoute, seed, json) {
  const script = repo('scripts/hostile.mjs');
  if (perRoute === 0 || !existsSync(script)) return undefined;
  const args = [script, '--per-route', String(perRoute), '--seed', String(seed)];
  if (json) args.push('--json');
  else console.log(`hostile inputs: node scripts/hostile.mjs ${args.slice(1).join(' ')}`);
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = (run.stdout ?? '').trim();
  if (!json && output !== '') console.log(output);
  let summary = output;
  if (json) {
    try {
      summary = JSON.parse(output);
    } catch {
      // not one JSON document: kept as text
    }
  }
  return { exitCode: run.status ?? 1, summary };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    return 2;
  }
  if (!existsSync(repo('packages/cli/dist/bin.js'))) {
    console.error('build first: npm run build (npm run chaos does)');
    return 2;
  }
  const { runChaos, formatChaosReport, removeChaosDir } = await load('test/chaos/chaos-run.ts');
  const backends = options.backend === 'both' ? ['sqlite', 'postgres'] : [options.backend];
  const progress = (line) => console.error(`chaos: ${line}`);
  const reports = [];
  for (const backend of backends) {
    let database;
    if (backend === 'postgres') {
      const { createTestDatabase } = await load('test/support/postgres-server.ts');
      try {
        database = await createTestDatabase();
      } catch (error) {
        console.error(`PostgreSQL: ${error.message}`);
        return 2;
      }
    }
    try {
      const report = await runChaos({
        certificates: options.certificates,
        backend,
        seed: options.seed,
        progress,
        ...(database === undefined ? {} : { postgresUrl: database.url }),
      });
      reports.push(report);
      if (!options.json) console.log(formatChaosReport(report).join('\n') + '\n');
      if (report.ok) removeChaosDir(report);
      else console.error(`chaos: the run's node directories are kept in ${report.dir}`);
    } finally {
      await database?.drop();
    }
  }
  const hostile = runHostile(options.hostilePerRoute, options.seed, options.json);
  if (options.json) console.log(JSON.stringify({ chaos: reports, hostile: hostile ?? null }));
  const ok = reports.every((r) => r.ok) && (hostile === undefined || hostile.exitCode === 0);
  return ok ? 0 : 1;
}

process.exitCode = await main();
