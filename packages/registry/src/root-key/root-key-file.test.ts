import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '@kpx/protocol';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/test-registry.js';
import {
  decryptRootKey,
  encryptRootKey,
  readRootKeyFile,
  writeRootKeyFile,
} from './root-key-file.js';

const cost = { scryptCost: 2 ** 10 };

describe('root key file', () => {
  it('round-trips a private key under the passphrase, public key in clear', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const { privateJwk, publicJwk, kid } = await generateKeyPair(alg);
      const file = await encryptRootKey(privateJwk, 'passphrase-1', cost);
      expect(file).toMatchObject({ kpx: 'registry-root-key', version: 1, kid, publicJwk });
      expect(JSON.stringify(file)).not.toContain(privateJwk.d);
      expect(await decryptRootKey(file, 'passphrase-1')).toStrictEqual(privateJwk);
    }
  });

  it('uses scrypt 2^17 by default', async () => {
    const { privateJwk } = await generateKeyPair();
    const file = await encryptRootKey(privateJwk, 'passphrase-1');
    expect(file.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  });

  it('refuses a wrong passphrase and a tampered file with KPX_PASSPHRASE_WRONG', async () => {
    const { privateJwk } = await generateKeyPair();
    const other = await generateKeyPair();
    const file = await encryptRootKey(privateJwk, 'passphrase-1', cost);
    await expect(decryptRootKey(file, 'passphrase-2')).rejects.toMatchObject({
      code: 'KPX_PASSPHRASE_WRONG',
      message: expect.stringContaining('wrong passphrase') as string,
    });
    // Swapping the clear public key is caught: it is bound as GCM additional data.
    const swapped = { ...file, publicJwk: other.publicJwk, kid: other.kid };
    await expect(decryptRootKey(swapped, 'passphrase-1')).rejects.toMatchObject({
      code: 'KPX_PASSPHRASE_WRONG',
    });
    const flipped = { ...file, ciphertext: `A${file.ciphertext.slice(1)}` };
    await expect(decryptRootKey(flipped, 'passphrase-1')).rejects.toMatchObject({
      code: 'KPX_PASSPHRASE_WRONG',
    });
    await expect(decryptRootKey({ kty: 'OKP' }, 'x')).rejects.toMatchObject({
      code: 'KPX_CONFIG_INVALID',
    });
  });

  it('writes mode 0600, never overwrites, and reads back', async () => {
    const dir = tempDir();
    const path = join(dir, 'root.json');
    const { privateJwk } = await generateKeyPair();
    await writeRootKeyFile(path, privateJwk, 'passphrase-1', cost);
    await expect(writeRootKeyFile(path, privateJwk, 'passphrase-1', cost)).rejects.toMatchObject({
      code: 'KPX_CONFLICT',
    });
    expect(await readRootKeyFile(path, 'passphrase-1')).toStrictEqual(privateJwk);
    await expect(readRootKeyFile(join(dir, 'nope.json'), 'x')).rejects.toMatchObject({
      code: 'KPX_CONFIG_INVALID',
      message: expect.stringContaining('no such file') as string,
    });
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(readRootKeyFile(join(dir, 'bad.json'), 'x')).rejects.toMatchObject({
      code: 'KPX_CONFIG_INVALID',
    });
    expect(readFileSync(path, 'utf8')).toContain('"A256GCM"');
  });
});
