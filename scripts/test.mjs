#!/usr/bin/env node
// The README's test command. Builds the workspace (separate-process tests spawn the built CLI),
// checks that spec/ matches the code, runs every vitest suite and ends with the plain
// "N passed, N failed" line that the CI log reader understands.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';

const run = (cmd, args, options = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', ...options }).status ?? 1;

let passed = 0;
let failed = 0;
const step = (name, status) => {
  if (status === 0) passed += 1;
  else {
    failed += 1;
    console.error(`step failed: ${name}`);
  }
  return status === 0;
};

const extra = process.argv.slice(2);
if (!step('build (tsc -b)', run('npx', ['tsc', '-b']))) finish();
// The console's browser tests (test/e2e) drive the built app that the node serves.
if (!step('build the web console', run('npm', ['run', 'build', '-w', '@kpx/web']))) finish();
step('spec/ matches the code', run('node', ['scripts/generate-spec.mjs', '--check']));
// tsc -b covers the packages (their *.test.ts too); the cross-package tests under test/ have
// their own project, so a wrong type there fails here rather than passing unseen under vitest.
step('type-check test/', run('npx', ['tsc', '-p', 'tsconfig.test.json']));

mkdirSync('.tmp', { recursive: true });
const report = '.tmp/vitest-report.json';
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  // A test file that failed to load or errored outside its tests has no failed test of its own.
  for (const file of json.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
  if (status !== 0 && failed === 0) failed += 1; // e.g. an unhandled error after the tests
} else if (status !== 0) failed += 1;
finish();

function finish() {
  const line = `${passed} passed, ${failed} failed`;
  mkdirSync('.tmp', { recursive: true });
  writeFileSync('.tmp/test-summary.txt', line + '\n');
  console.log(line);
  process.exit(failed === 0 ? 0 : 1);
}
