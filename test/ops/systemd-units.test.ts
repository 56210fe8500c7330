// The systemd units of ops/systemd are valid for systemd itself (`systemd-analyze verify`) and
// keep the hardening docs/operator-guide.md promises.
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const unitsDir = fileURLToPath(new URL('../../ops/systemd/', import.meta.url));
const units = readdirSync(unitsDir).filter((f) => /\.(service|timer)$/.test(f));

function verify(dir: string, names: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'systemd-analyze',
      ['verify', '--man=no', ...names.map((n) => join(dir, n))],
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('ops/systemd', () => {
  it('has the node, registry and backup units', () => {
    expect(units.sort()).toEqual([
      'kpx-node-backup.service',
      'kpx-node-backup.timer',
      'kpx-node.service',
      'kpx-registry.service',
    ]);
  });

  it('passes systemd-analyze verify (with the kpx launcher in place)', async () => {
    // /opt/kpx is where the bundle installs; here a stand-in executable takes its place, since
    // verify checks that ExecStart names an executable.
    const dir = tempDir('kpx-systemd-');
    const launcher = join(dir, 'kpx');
    writeFileSync(launcher, '#!/bin/sh\n');
    chmodSync(launcher, 0o755);
    for (const unit of units)
      writeFileSync(
        join(dir, unit),
        readFileSync(join(unitsDir, unit), 'utf8').replaceAll('/opt/kpx/bin/kpx', launcher),
      );
    const result = await verify(dir, units);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it.each(['kpx-node.service', 'kpx-registry.service'])('%s is hardened', (unit) => {
    const text = readFileSync(join(unitsDir, unit), 'utf8');
    for (const directive of [
      'User=kpx',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'PrivateTmp=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service',
      'KillSignal=SIGTERM',
      'TimeoutStopSec=30s',
      'CapabilityBoundingSet=\n',
    ])
      expect(text).toContain(directive);
    expect(text).toMatch(/^ReadWritePaths=\/var\/lib\/kpx\/(node|registry)$/m);
  });

  it('reads the node passphrase from a root-only environment file', () => {
    const text = readFileSync(join(unitsDir, 'kpx-node.service'), 'utf8');
    expect(text).toContain('EnvironmentFile=/etc/kpx/node.env');
    expect(text).toContain('ExecStart=/opt/kpx/bin/kpx node start --dir /var/lib/kpx/node');
  });
});
