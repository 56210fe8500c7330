import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KpxError } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { createNetworkTrustListSigner } from './network-trust-list.js';
import { initNodeDirectory, openNodeDirectory } from './node-directory.js';

const passphrase = 'correct horse battery staple';
const scryptCost = { N: 2 ** 10, r: 8, p: 1 };

async function failure(promise: Promise<unknown>): Promise<KpxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('expected a KpxError');
}

describe('node directories', () => {
  it('initialises once; a second init is KPX_CONFLICT and changes nothing', async () => {
    const dir = join(tempDir('kpx-nodedir-'), 'ru');
    const first = await initNodeDirectory({
      dir,
      authority: 'RU-MINFIN',
      passphrase,
      port: 7001,
      alg: 'ES256',
      scryptCost,
    });
    expect(first).toMatchObject({
      authority: 'RU-MINFIN',
      alg: 'ES256',
      publicUrl: 'http://127.0.0.1:7001',
      adminToken: { role: 'admin' },
    });
    const before = readFileSync(first.files.signingKey, 'utf8');
    const again = await failure(
      initNodeDirectory({ dir, authority: 'RU-MINFIN', passphrase, scryptCost }),
    );
    expect(again.code).toBe('KPX_CONFLICT');
    expect(readFileSync(first.files.signingKey, 'utf8')).toBe(before);
  });

  it('validates every option before writing anything', async () => {
    const dir = join(tempDir('kpx-nodedir-'), 'bad');
    const bad = await failure(
      initNodeDirectory({
        dir,
        authority: 'ru minfin',
        passphrase,
        publicUrl: 'ftp://x',
        scryptCost,
      }),
    );
    expect(bad.code).toBe('KPX_CONFIG_INVALID');
    expect(bad.message).toMatch(
      /\/authority: an authority id such as RU-MINFIN; \/server\/publicUrl: /,
    );
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(
      (
        await failure(
          initNodeDirectory({ dir, authority: 'RU-MINFIN', passphrase: 'short', scryptCost }),
        )
      ).message,
    ).toMatch(/at least 8 characters/);
    expect(
      (
        await failure(
          initNodeDirectory({
            dir,
            authority: 'RU-MINFIN',
            passphrase,
            host: '::',
            tls: { cert: '/nope', key: '/nope' },
            scryptCost,
          }),
        )
      ).message,
    ).toMatch(/--public-url/);
  });

  it('opens with the right passphrase only, and checks the key against node.json', async () => {
    const root = tempDir('kpx-nodedir-');
    const dir = join(root, 'eu');
    const signer = await createNetworkTrustListSigner({ now: new Date() });
    const trustList = join(root, 'trust-list.jwt');
    const init = await initNodeDirectory({
      dir,
      authority: 'EU-BE-ANTWERP',
      passphrase,
      port: 7002,
      trustList,
      trustRoot: signer.rootKey,
      scryptCost,
      now: new Date(Date.now() - 60_000),
    });
    writeFileSync(
      trustList,
      (
        await signer.sign(
          [
            {
              authority: init.authority,
              endpoint: init.publicUrl,
              publicJwk: init.publicJwk,
              kid: init.kid,
              alg: init.alg,
              validFrom: new Date(Date.now() - 60_000).toISOString(),
            },
          ],
          new Date(),
        )
      ).jws,
    );

    expect((await failure(openNodeDirectory(dir, { passphrase: 'not it at all' }))).code).toBe(
      'KPX_PASSPHRASE_WRONG',
    );
    expect((await failure(openNodeDirectory(dir, { env: {} }))).message).toMatch(
      /KPX_PASSPHRASE, which is not set/,
    );

    const opened = await openNodeDirectory(dir, { env: { KPX_PASSPHRASE: passphrase } });
    try {
      expect(opened.node.authority).toBe('EU-BE-ANTWERP');
      expect(opened.server).toEqual({ host: '127.0.0.1', port: 7002, shutdownGraceMs: 10_000 });
      // The pinned root verified the signed list.
      const view = (await (
        await opened.node.fetch(new Request('http://x/api/v1/trust-list'))
      ).json()) as { verification: string };
      expect(view.verification).toBe('signature');
      // The admin token made at init works.
      const tokens = await opened.node.fetch(
        new Request('http://x/api/v1/tokens', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${init.adminToken.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ role: 'issuer', name: 'test' }),
        }),
      );
      expect(tokens.status).toBe(201);
    } finally {
      await opened.node.stop();
      await opened.release();
    }

    const config = JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, 'node.json'), JSON.stringify({ ...config, authority: 'EU-CZ-PRAGUE' }));
    expect((await failure(openNodeDirectory(dir, { passphrase }))).message).toMatch(
      /is a key of EU-BE-ANTWERP, but .*\/authority is EU-CZ-PRAGUE/,
    );
    writeFileSync(
      join(dir, 'node.json'),
      JSON.stringify({ ...config, signingKey: { kty: 'OKP' } }),
    );
    expect((await failure(openNodeDirectory(dir, { passphrase }))).message).toMatch(
      /invalid node configuration .*node\.json: \/: Unrecognized key: "signingKey"/,
    );
  });
});
