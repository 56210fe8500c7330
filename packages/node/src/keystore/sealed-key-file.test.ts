import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KpxError } from '@kpx/domain';
import { generateKeyPair } from '@kpx/protocol';
import { describe, expect, it } from 'vitest';
import { readSealedKeyFile, readSealedKeyHeader, writeSealedKeyFile } from './sealed-key-file.js';

const cost = { N: 2 ** 10, r: 8, p: 1 };
const createdAt = '2026-03-02T09:00:00.000Z';

async function failure(promise: Promise<unknown>): Promise<KpxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('expected a KpxError');
}

describe('sealed signing key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-keystore-'));

  it('round-trips an Ed25519 and a P-256 key; mode 0600; the private key never in clear', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const { privateJwk, kid } = await generateKeyPair(alg);
      const path = join(dir, `${alg}.sealed.json`);
      const written = await writeSealedKeyFile(path, {
        privateJwk,
        authority: 'RU-MINFIN',
        passphrase: 'pass phrase',
        createdAt,
        cost,
      });
      expect(written).toMatchObject({
        kpx: 'sealed-signing-key',
        version: 1,
        kid,
        alg,
        authority: 'RU-MINFIN',
        createdAt,
      });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain(privateJwk.d);
      expect(text).not.toContain('"d"');
      const opened = await readSealedKeyFile(path, 'pass phrase');
      expect(opened).toEqual({
        privateJwk,
        publicJwk: written.publicJwk,
        kid,
        alg,
        authority: 'RU-MINFIN',
      });
      // The clear part is readable without the passphrase.
      expect(await readSealedKeyHeader(path)).toMatchObject({ kid, alg, authority: 'RU-MINFIN' });
    }
  });

  it('never replaces an existing key file', async () => {
    const { privateJwk } = await generateKeyPair();
    const path = join(dir, 'once.sealed.json');
    await writeSealedKeyFile(path, {
      privateJwk,
      authority: 'RU-MINFIN',
      passphrase: 'pass phrase',
      createdAt,
      cost,
    });
    await expect(
      writeSealedKeyFile(path, {
        privateJwk,
        authority: 'RU-MINFIN',
        passphrase: 'pass phrase',
        createdAt,
        cost,
      }),
    ).rejects.toThrow(/EEXIST/);
  });

  it('a wrong passphrase is KPX_PASSPHRASE_WRONG naming the file', async () => {
    const { privateJwk } = await generateKeyPair();
    const path = join(dir, 'wrong.sealed.json');
    await writeSealedKeyFile(path, {
      privateJwk,
      authority: 'RU-MINFIN',
      passphrase: 'right one',
      createdAt,
      cost,
    });
    const error = await failure(readSealedKeyFile(path, 'wrong one'));
    expect(error.code).toBe('KPX_PASSPHRASE_WRONG');
    expect(error.message).toBe(
      `signing key file ${path}: the passphrase is wrong, or the sealed secret was changed`,
    );
  });

  it('refuses a missing file, a file that is not a sealed key, and a sealed key swapped under another kid', async () => {
    expect((await failure(readSealedKeyFile(join(dir, 'none.json'), 'x'))).message).toMatch(
      /none\.json: not found$/,
    );
    const plain = join(dir, 'plain.json');
    const { privateJwk } = await generateKeyPair();
    writeFileSync(plain, JSON.stringify(privateJwk));
    const notSealed = await failure(readSealedKeyFile(plain, 'x'));
    expect(notSealed.code).toBe('KPX_CONFIG_INVALID');
    expect(notSealed.message).toMatch(/not a kpx sealed signing key/);

    const a = join(dir, 'a.sealed.json');
    const b = join(dir, 'b.sealed.json');
    await writeSealedKeyFile(a, {
      privateJwk,
      authority: 'RU-MINFIN',
      passphrase: 'same pass',
      createdAt,
      cost,
    });
    await writeSealedKeyFile(b, {
      privateJwk: (await generateKeyPair()).privateJwk,
      authority: 'RU-MINFIN',
      passphrase: 'same pass',
      createdAt,
      cost,
    });
    const swapped = {
      ...JSON.parse(readFileSync(a, 'utf8')),
      sealed: JSON.parse(readFileSync(b, 'utf8')).sealed,
    } as unknown;
    writeFileSync(a, JSON.stringify(swapped));
    expect((await failure(readSealedKeyFile(a, 'same pass'))).message).toMatch(
      /the sealed key is .*, not the .* the file names/,
    );
  });
});
