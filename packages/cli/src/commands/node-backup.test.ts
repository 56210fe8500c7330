import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { runCli } from '../program.js';

// `kpx node backup|restore|admin-token` and `node init --registry-url` as a shell sees them:
// exit codes and one-line errors. The procedures themselves run in test/ops.

const passphrase = 'cli backup test passphrase';

async function kpx(args: string[]) {
  const saved = process.env['KPX_PASSPHRASE'];
  process.env['KPX_PASSPHRASE'] = passphrase;
  let out = '';
  let err = '';
  try {
    const code = await runCli(args, {
      out: (t) => void (out += `${t}\n`),
      err: (t) => void (err += `${t}\n`),
    });
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env['KPX_PASSPHRASE'];
    else process.env['KPX_PASSPHRASE'] = saved;
  }
}

describe('kpx node backup / restore / admin-token', () => {
  it('backs up, restores and issues a new admin token; JSON on request', async () => {
    const root = tempDir('kpx-cli-backup-');
    const dir = join(root, 'node');
    expect((await kpx(['node', 'init', '--dir', dir, '--authority', 'RU-MINFIN'])).code).toBe(0);

    const backup = await kpx(['node', 'backup', '--dir', dir, '--out', join(root, 'b.tar.gz')]);
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toBe(
      `backed up the RU-MINFIN node to ${join(root, 'b.tar.gz')} (4 files)\n  database: SQLite snapshot included\n`,
    );

    const restored = await kpx([
      'node',
      'restore',
      '--from',
      join(root, 'b.tar.gz'),
      '--dir',
      join(root, 'again'),
      '--json',
    ]);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({
      dir: join(root, 'again'),
      manifest: { authority: 'RU-MINFIN', database: 'sqlite' },
      audit: { ok: true },
    });

    const token = await kpx([
      'node',
      'admin-token',
      '--dir',
      dir,
      '--name',
      'night shift',
      '--json',
    ]);
    expect(token.code).toBe(0);
    expect(JSON.parse(token.out)).toMatchObject({ role: 'admin', name: 'night shift' });
    expect((JSON.parse(token.out) as { token: string }).token).toMatch(/^kpx_[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a file that is not a backup with exit 2 and KPX_BACKUP_INVALID', async () => {
    const root = tempDir('kpx-cli-backup-');
    writeFileSync(join(root, 'x.tar.gz'), 'not an archive');
    const result = await kpx([
      'node',
      'restore',
      '--from',
      join(root, 'x.tar.gz'),
      '--dir',
      join(root, 'n'),
      '--json',
    ]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out)).toMatchObject({ error: { code: 'KPX_BACKUP_INVALID' } });
  });

  it('node init: --registry-url needs --trust-root (exit 2)', async () => {
    const root = tempDir('kpx-cli-backup-');
    const result = await kpx([
      'node',
      'init',
      '--dir',
      join(root, 'n'),
      '--authority',
      'RU-MINFIN',
      '--registry-url',
      'http://127.0.0.1:8700',
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      "kpx: --registry-url needs --trust-root (the registry's root key to pin)\n",
    );
  });
});
