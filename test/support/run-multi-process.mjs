#!/usr/bin/env node
// `npm run test:multi-process -- --certificates 10000`: builds the workspace (the node
// processes run the built @kpx/node), then runs test/federation/multi-process.test.ts with
// that many certificates (default 1,000, what CI runs). Exit code: vitest's.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let certificates = '1000';
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--certificates') certificates = args[++i] ?? '';
  else if (arg?.startsWith('--certificates=')) certificates = arg.slice('--certificates='.length);
  else {
    console.error(`unknown argument ${arg}; usage: npm run test:multi-process -- --certificates N`);
    process.exit(2);
  }
}
if (!/^[1-9][0-9]*$/.test(certificates)) {
  console.error(`--certificates needs a positive whole number, not "${certificates}"`);
  process.exit(2);
}
const run = (cmd, cmdArgs, env = process.env) =>
  spawnSync(cmd, cmdArgs, { stdio: 'inherit', env }).status ?? 1;
if (run('npx', ['tsc', '-b']) !== 0) process.exit(1);
process.exit(
  run('npx', ['vitest', 'run', 'test/federation/multi-process.test.ts'], {
    ...process.env,
    KPX_MP_CERTIFICATES: certificates,
  }),
);
