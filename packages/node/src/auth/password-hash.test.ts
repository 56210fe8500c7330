import { describe, expect, it } from 'vitest';
import { secureRandom } from '../runtime/random.js';
import { hashPassword, passwordSaltLength, verifyPassword } from './password-hash.js';
import { checkPasswordPolicy, generatePassword } from './password-policy.js';
import { throttleDelayMs } from './sign-in-throttle.js';

const cheap = { logN: 10, r: 8, p: 1 };

describe('password hashes (scrypt, per-user salt, stored parameters)', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword(
      'correct horse battery',
      secureRandom(passwordSaltLength),
      cheap,
    );
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash, and checks with the parameters stored in it', async () => {
    const a = await hashPassword('same password!', secureRandom(passwordSaltLength), cheap);
    const b = await hashPassword('same password!', secureRandom(passwordSaltLength), {
      logN: 11,
      r: 8,
      p: 1,
    });
    expect(a).not.toBe(b);
    expect(b).toContain('$ln=11,');
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('normalises to NFC, so the same typed text matches', async () => {
    const hash = await hashPassword(
      'caf\u00e9 au lait 12',
      secureRandom(passwordSaltLength),
      cheap,
    );
    expect(await verifyPassword('cafe\u0301 au lait 12', hash)).toBe(true);
  });

  it('never matches a malformed or absurd stored value', async () => {
    for (const stored of [
      '',
      'plain',
      '$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA',
      '$argon2id$v=19$x',
    ]) {
      expect(await verifyPassword('anything at all', stored)).toBe(false);
    }
  });
});

describe('password policy', () => {
  it('wants at least 12 characters (code points), at most 256', () => {
    expect(() => checkPasswordPolicy('x'.repeat(11), '/password')).toThrow(
      expect.objectContaining({
        code: 'KPX_PASSWORD_WEAK',
        problems: [expect.objectContaining({ path: '/password' })],
      }),
    );
    expect(() => checkPasswordPolicy('x'.repeat(12), '/password')).not.toThrow();
    expect(() => checkPasswordPolicy('😀'.repeat(12), '/password')).not.toThrow();
    expect(() => checkPasswordPolicy('x'.repeat(257), '/password')).toThrow();
  });

  it('generates 20-character passwords without look-alike letters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const password = generatePassword(secureRandom);
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });
});

describe('sign-in slow-down schedule', () => {
  const settings = { freeFailures: 5, windowMs: 900_000, baseDelayMs: 1000, maxDelayMs: 30_000 };
  it('is free for 5 failures, then min(2^(n-5) s, 30 s)', () => {
    expect([0, 1, 4].map((n) => throttleDelayMs(n, settings))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((n) => throttleDelayMs(n, settings))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
