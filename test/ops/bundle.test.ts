// The offline install bundle (scripts/bundle.mjs): built from this checkout, unpacked and
// installed into temp directories, and run with no registry reachable and no npm at install.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const version = (
  JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
).version;
const name = `kpx-bundle-${version}-${process.platform}-${process.arch}`;

/** No registry: npm (were anything to call it) would find none and be told to stay offline. */
const offline = {
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9/',
  HOME: tempDir('kpx-bundle-home-'),
};

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd ?? repo,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });
}

const out = tempDir('kpx-bundle-out-');
const unpacked = tempDir('kpx-bundle-unpacked-');
const prefix = join(tempDir('kpx-bundle-prefix-'), 'opt-kpx');
const bundleDir = join(unpacked, name);
let built: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  built = await run(process.execPath, ['scripts/bundle.mjs', '--out', out]);
  if (built.code === 0) await run('tar', ['-xzf', join(out, `${name}.tar.gz`), '-C', unpacked]);
}, 300_000);

afterAll(() => {
  // Tens of thousands of files each: do not leave them in the shared temp directory.
  for (const dir of [out, unpacked, join(prefix, '..')])
    rmSync(dir, { recursive: true, force: true });
});

describe('the offline bundle', () => {
  it('is one .tar.gz named after the version and platform', () => {
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(readdirSync(out)).toEqual([`${name}.tar.gz`]);
  });

  it('carries its checksums, the SBOM, the ops files, the docs and an install script without npm', async () => {
    const check = await run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: bundleDir });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.code).toBe(0);
    for (const file of [
      'sbom.cdx.json',
      'ops/systemd/kpx-node.service',
      'ops/systemd/kpx-registry.service',
      'docs/operator-guide.md',
      'docs/protocol.md',
      'docs/api-reference.md',
      'packages/cli/dist/bin.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      // libsodium for Ed25519 (D17), prebuilt: the bundle must carry this platform's binary.
      `node_modules/sodium-native/prebuilds/${process.platform}-${process.arch}/sodium-native.node`,
    ])
      expect(existsSync(join(bundleDir, file)), file).toBe(true);
    const sbom = JSON.parse(readFileSync(join(bundleDir, 'sbom.cdx.json'), 'utf8')) as {
      components: { name: string }[];
    };
    expect(sbom.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['better-sqlite3', 'sodium-native']),
    );
    expect(readFileSync(join(bundleDir, 'install.sh'), 'utf8')).not.toMatch(
      /\bnpm\b|\bcurl\b|\bwget\b/,
    );
    // Production dependencies only.
    expect(existsSync(join(bundleDir, 'node_modules', 'vitest'))).toBe(false);
  });

  it('installs and runs kpx --version and kpx node init offline', async () => {
    const install = await run('sh', [join(bundleDir, 'install.sh'), prefix], { env: offline });
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`installed kpx ${version} in ${prefix}`);

    const kpx = join(prefix, 'bin', 'kpx');
    const shown = await run(kpx, ['--version'], { env: offline });
    expect(shown.stdout.trim()).toBe(version);

    const dir = join(tempDir('kpx-bundle-node-'), 'node');
    const init = await run(
      kpx,
      ['node', 'init', '--dir', dir, '--authority', 'RU-MINFIN', '--json'],
      { env: { ...offline, KPX_PASSPHRASE: 'bundle test passphrase' } },
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ authority: 'RU-MINFIN', alg: 'EdDSA' });
    // The database was created by the bundled better-sqlite3 binary.
    expect(existsSync(join(dir, 'node.sqlite'))).toBe(true);
    const audit = await run(kpx, ['audit', 'verify', '--dir', dir, '--json'], { env: offline });
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
  });

  it('refuses to install over a non-empty prefix', async () => {
    const again = await run('sh', [join(bundleDir, 'install.sh'), prefix], { env: offline });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
  });
});
