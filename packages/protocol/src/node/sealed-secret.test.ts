import { KpxError } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { defaultScryptCost, openSecret, sealSecret, type SealedSecret } from './sealed-secret.js';

// A low cost keeps the suite fast; the default cost is exercised once.
const cost = { N: 2 ** 10, r: 8, p: 1 };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function rejection(promise: Promise<unknown>): Promise<KpxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KpxError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('sealSecret / openSecret', () => {
  it('round-trips with the default cost and records the parameters', async () => {
    const sealed = await sealSecret('{"d":"hunter2"}', 'correct horse battery staple');
    expect(sealed.kdf).toMatchObject({ name: 'scrypt', ...defaultScryptCost });
    expect(sealed.cipher.name).toBe('A256GCM');
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
    expect(text(await openSecret(sealed, 'correct horse battery staple'))).toBe('{"d":"hunter2"}');
  });

  it('gives unrelated documents for the same secret (fresh salt and IV)', async () => {
    const a = await sealSecret('x', 'pw', { cost });
    const b = await sealSecret('x', 'pw', { cost });
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
  });

  it('normalises the passphrase to NFC', async () => {
    const sealed = await sealSecret('x', 'caf\u00e9', { cost });
    expect(text(await openSecret(sealed, 'cafe\u0301'))).toBe('x');
  });

  it('refuses a wrong passphrase with KPX_PASSPHRASE_WRONG', async () => {
    const sealed = await sealSecret('x', 'right', { cost });
    const error = await rejection(openSecret(sealed, 'wrong'));
    expect(error.code).toBe('KPX_PASSPHRASE_WRONG');
    expect(error.message).toBe('the passphrase is wrong, or the sealed secret was changed');
  });

  it('detects a change to the ciphertext or to an authenticated header member', async () => {
    const sealed = await sealSecret('a longer secret', 'pw', { cost });
    const flipped = sealed.ciphertext.startsWith('A')
      ? `B${sealed.ciphertext.slice(1)}`
      : `A${sealed.ciphertext.slice(1)}`;
    const variants: SealedSecret[] = [
      { ...sealed, ciphertext: flipped },
      { ...sealed, kdf: { ...sealed.kdf, r: 7 } },
    ];
    for (const variant of variants)
      expect((await rejection(openSecret(variant, 'pw'))).code).toBe('KPX_PASSPHRASE_WRONG');
  });

  it('names what is wrong with a document that is not a sealed secret', async () => {
    const sealed = await sealSecret('x', 'pw', { cost });
    expect((await rejection(openSecret({ kty: 'OKP', d: 'x' }, 'pw'))).message).toContain(
      '"kpx" is not "sealed-secret"',
    );
    expect((await rejection(openSecret({ ...sealed, version: 2 }, 'pw'))).message).toContain(
      'version 2 is not supported',
    );
    // A hostile cost is refused before any work is done.
    expect(
      (await rejection(openSecret({ ...sealed, kdf: { ...sealed.kdf, N: 2 ** 30 } }, 'pw')))
        .message,
    ).toContain('kdf.N');
  });

  it('refuses an empty passphrase when sealing', async () => {
    await expect(sealSecret('x', '')).rejects.toThrow(TypeError);
  });
});
