import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeSigner, nodeVerifier } from '../node.js';
import { envelopeDigest } from '../envelope/sign-envelope.js';
import { keyResolverFromKeys } from '../keys/trusted-key.js';
import { testPrivateKeys, testTimes } from '../testing/fixtures.js';
import { testTrustedKeys } from '../testing/keys.js';
import type { Receipt } from './receipt.js';
import { signReceipt } from './sign-receipt.js';
import { receiptCheckNames, verifyReceipt } from './verify-receipt.js';

const keys = keyResolverFromKeys(await testTrustedKeys());
const eu = createNodeSigner(testPrivateKeys.euAntwerpEd25519);
const digest = await envelopeDigest('a.b.c');
const receipt: Receipt = {
  messageId: '019cadc6-9a80-7000-8000-000000000000',
  digest,
  receivedAt: testTimes.receivedAt,
  result: 'accepted',
};

describe('receipt', () => {
  it('signs and verifies', async () => {
    const jws = await signReceipt(receipt, eu);
    const outcome = await verifyReceipt(jws, {
      keys,
      verifier: nodeVerifier,
      expectedDigest: digest,
      expectedAuthority: 'EU-BE-ANTWERP',
    });
    expect(outcome.valid).toBe(true);
    expect(outcome.value).toStrictEqual(receipt);
    expect(outcome.checks.map((c) => c.check)).toStrictEqual(receiptCheckNames);
  });

  it('carries a rejection code', async () => {
    const rejected: Receipt = { ...receipt, result: 'rejected', code: 'KPX_VALIDATION_FAILED' };
    const outcome = await verifyReceipt(await signReceipt(rejected, eu), {
      keys,
      verifier: nodeVerifier,
    });
    expect(outcome.value).toStrictEqual(rejected);
  });

  it('refuses a receipt for other bytes', async () => {
    const jws = await signReceipt(receipt, eu);
    const outcome = await verifyReceipt(jws, {
      keys,
      verifier: nodeVerifier,
      expectedDigest: await envelopeDigest('x.y.z'),
    });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.find((c) => !c.ok)).toMatchObject({
      check: 'digest',
      code: 'KPX_DIGEST_MISMATCH',
    });
  });

  it('refuses a receipt signed by someone other than the addressee', async () => {
    const jws = await signReceipt(receipt, createNodeSigner(testPrivateKeys.ruMinfinEd25519));
    const outcome = await verifyReceipt(jws, {
      keys,
      verifier: nodeVerifier,
      expectedAuthority: 'EU-BE-ANTWERP',
    });
    expect(outcome.checks.find((c) => !c.ok)).toMatchObject({
      check: 'key-authority',
      code: 'KPX_KEY_AUTHORITY_MISMATCH',
    });
  });
});

describe('receipt tamper detection', () => {
  it('any changed character makes it fail, and the failure is named', async () => {
    const jws = await signReceipt(receipt, eu);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat(jws.length - 1), fc.nat(alphabet.length - 1), async (at, pick) => {
        fc.pre(jws[at] !== alphabet[pick]);
        const tampered = jws.slice(0, at) + alphabet[pick]! + jws.slice(at + 1);
        const outcome = await verifyReceipt(tampered, {
          keys,
          verifier: nodeVerifier,
          expectedDigest: digest,
        });
        expect(outcome.valid).toBe(false);
        expect(outcome.checks.find((c) => !c.ok)?.code).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
