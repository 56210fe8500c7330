import { describe, expect, it } from 'vitest';
import { nodeVerifier } from '../node.js';
import { utf8 } from '../bytes.js';
import { publicJwkOf } from '../keys/jwk.js';
import { testPrivateKeys } from './fixtures.js';
import { createRfc6979Signer, rfc6979Sign } from './rfc6979-signer.js';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

describe('RFC 6979 deterministic ECDSA (test vectors only)', () => {
  // RFC 6979 Appendix A.2.5, P-256 with SHA-256.
  const x = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
  it.each([
    [
      'sample',
      'EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716',
      'F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8',
    ],
    [
      'test',
      'F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367',
      '019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083',
    ],
  ])('signs %j as in RFC 6979 A.2.5', async (message, r, s) => {
    expect(hex(await rfc6979Sign(x, utf8(message)))).toBe(r + s);
  });

  it('makes signatures node:crypto accepts, the same every time', async () => {
    const signer = await createRfc6979Signer(testPrivateKeys.ruMinfinEs256);
    const one = await signer.sign(utf8('kpx'));
    expect(await signer.sign(utf8('kpx'))).toStrictEqual(one);
    expect(
      await nodeVerifier.verify(
        'ES256',
        publicJwkOf(testPrivateKeys.ruMinfinEs256),
        utf8('kpx'),
        one,
      ),
    ).toBe(true);
  });
});
