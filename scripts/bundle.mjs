#!/usr/bin/env node
// The offline install bundle for authorities on closed networks (docs/operator-guide.md §1):
// dist/kpx-bundle-<version>-<platform>-<arch>.tar.gz with the built packages, the production
// node_modules (better-sqlite3's native binary, built for this platform, included), ops/, docs/,
// the SBOM, install.sh and SHA256SUMS. Installing it runs no npm and fetches nothing.
// Building it needs no network either once this machine has installed kpx once: `npm ci` here
// runs with --offline from the local npm cache.
//   npm run bundle                      (builds first)
//   node scripts/bundle.mjs [--out DIR] (on an existing build)
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { writeSbom } from './sbom.mjs';

const run = promisify(execFile);
const repo = resolve(new URL('..', import.meta.url).pathname);
const at = process.argv.indexOf('--out');
const outDir = resolve(at >= 0 ? process.argv[at + 1] : join(repo, 'dist'));

const rootPackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const name = `kpx-bundle-${rootPackage.version}-${process.platform}-${process.arch}`;
const stageRoot = join(outDir, `.stage-${process.pid}`);
const stage = join(stageRoot, name);

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(2);
}

for (const workspace of rootPackage.workspaces) {
  if (workspace === 'packages/web') continue; // its dist is optional (below)
  if (!existsSync(join(repo, workspace, 'dist')))
    fail(`${workspace}/dist is missing: run npm run build first`);
}

rmSync(stageRoot, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
try {
  for (const file of ['package.json', 'package-lock.json', 'LICENSE', 'README.md'])
    cpSync(join(repo, file), join(stage, file));
  for (const dir of ['docs', 'ops', 'spec'])
    cpSync(join(repo, dir), join(stage, dir), { recursive: true });
  for (const workspace of rootPackage.workspaces) {
    const target = join(stage, workspace);
    mkdirSync(target, { recursive: true });
    cpSync(join(repo, workspace, 'package.json'), join(target, 'package.json'));
    const dist = join(repo, workspace, 'dist');
    if (existsSync(dist)) cpSync(dist, join(target, 'dist'), { recursive: true });
    else
      console.warn(
        `bundle: ${workspace}/dist is missing: the bundle has no web console (npm run build makes it)`,
      );
  }
  // The print package's fonts and other runtime assets next to dist/.
  for (const workspace of rootPackage.workspaces) {
    for (const extra of ['assets', 'fonts']) {
      const from = join(repo, workspace, extra);
      if (existsSync(from)) cpSync(from, join(stage, workspace, extra), { recursive: true });
    }
  }

  // Production dependencies from the lock file, from the local npm cache only. Install scripts
  // are not run (they would try to download or compile better-sqlite3's binary); the binary
  // this machine built for the same Node ABI and platform is copied in instead.
  await run(
    'npm',
    [
      'ci',
      '--omit=dev',
      '--ignore-scripts',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: stage, maxBuffer: 64 * 1024 * 1024 },
  );
  const sqliteFrom = join(repo, 'node_modules', 'better-sqlite3');
  const sqliteTo = join(stage, 'node_modules', 'better-sqlite3');
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (version(sqliteFrom) !== version(sqliteTo))
    fail(
      `better-sqlite3 ${version(sqliteTo)} in the lock file, ${version(sqliteFrom)} built here: run npm ci`,
    );
  cpSync(
    join(sqliteFrom, 'build', 'Release', 'better_sqlite3.node'),
    join(sqliteTo, 'build', 'Release', 'better_sqlite3.node'),
  );

  // From the repository's tree (npm sbom checks the whole tree, dev dependencies included).
  await writeSbom(join(stage, 'sbom.cdx.json'), repo);

  mkdirSync(join(stage, 'bin'));
  writeFileSync(
    join(stage, 'bin', 'kpx'),
    `#!/bin/sh
# kpx launcher of the offline bundle: runs the bundled CLI with the system's Node.js (>= 20.19).
here=$(dirname "$(readlink -f "$0")")
exec node "$here/../packages/cli/dist/bin.js" "$@"
`,
  );
  chmodSync(join(stage, 'bin', 'kpx'), 0o755);
  writeFileSync(
    join(stage, 'install.sh'),
    `#!/bin/sh
# Installs this kpx bundle into PREFIX (default /opt/kpx): checks Node.js, copies the files.
# Runs no package manager and needs no network. Check the files first: sha256sum -c SHA256SUMS
set -eu
prefix=\${1:-/opt/kpx}
here=$(dirname "$(readlink -f "$0")")
command -v node >/dev/null 2>&1 || { echo "install.sh: Node.js 20.19 or later is required (node not found)" >&2; exit 2; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  { echo "install.sh: Node.js 20.19 or later is required, found $(node --version)" >&2; exit 2; }
if [ -e "$prefix" ] && [ -n "$(ls -A "$prefix" 2>/dev/null)" ]; then
  echo "install.sh: $prefix is not empty; install a new release into a new prefix and switch over" >&2
  exit 2
fi
mkdir -p "$prefix"
cp -a "$here/." "$prefix/"
"$prefix/bin/kpx" --version >/dev/null
echo "installed kpx $("$prefix/bin/kpx" --version) in $prefix"
echo "next: see $prefix/docs/operator-guide.md (systemd units in $prefix/ops/systemd)"
`,
  );
  chmodSync(join(stage, 'install.sh'), 0o755);

  // SHA256SUMS over every file, in `sha256sum -c` format.
  const sums = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        sums.push(
          `${createHash('sha256').update(readFileSync(path)).digest('hex')}  ${relative(stage, path)}`,
        );
    }
  };
  walk(stage);
  sums.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
  writeFileSync(join(stage, 'SHA256SUMS'), sums.join('\n') + '\n');

  mkdirSync(outDir, { recursive: true });
  const archive = join(outDir, `${name}.tar.gz`);
  await run('tar', ['-czf', archive, '-C', stageRoot, name]);
  console.log(`wrote ${archive} (${sums.length} files)`);
} finally {
  rmSync(stageRoot, { recursive: true, force: true });
}
