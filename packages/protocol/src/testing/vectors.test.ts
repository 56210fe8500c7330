// Replays every published test vector (spec/vectors) through the verifiers, and checks the
// committed files are exactly what buildVectors() makes (drift check).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeVerifier } from '../node.js';
import { verifyCertificate } from '../certificate/verify-certificate.js';
import { verifyEnvelope } from '../envelope/verify-envelope.js';
import { keyResolverFromKeys } from '../keys/trusted-key.js';
import { webCryptoVerifier } from '../keys/web-crypto.js';
import { verifyQrPayload } from '../qr/qr-payload.js';
import { verifyReceipt } from '../receipt/verify-receipt.js';
import { directoryFromTrustList } from '../trust-list/trust-list-views.js';
import type { TrustList } from '../trust-list/trust-list.js';
import { verifyTrustList } from '../trust-list/verify-trust-list.js';
import type { VerifyOutcome } from '../verification/check.js';
import { caseFiles, type CaseFileName, type KeysFile, type VectorFile } from './vector-files.js';
import { buildVectors, type VectorCase } from './vectors.js';

const dir = new URL('../../../../spec/vectors/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

const keysFile = read<KeysFile>('keys.json');
const keys = keyResolverFromKeys(keysFile.authorityKeys.map((k) => k.trusted));
const trustLists = read<VectorFile>('trust-lists.json');
const directory = directoryFromTrustList(
  (trustLists.cases.find((c) => c.name === 'valid')!.expected as { value: TrustList }).value,
);

type Options = Record<string, string | number | undefined>;

function run(
  file: CaseFileName,
  c: VectorCase,
  verifier: typeof nodeVerifier,
): Promise<VerifyOutcome<unknown>> {
  const o = c.options as Options;
  const now = String(o.now);
  const opt = <K extends string>(key: K): { [P in K]?: string } =>
    (o[key] === undefined ? {} : { [key]: String(o[key]) }) as { [P in K]?: string };
  switch (file) {
    case 'certificates.json':
      return verifyCertificate(c.input, {
        keys,
        verifier,
        directory,
        now,
        ...opt('evidenceBefore'),
      });
    case 'envelopes.json':
      return verifyEnvelope(c.input, { keys, verifier, now, ...opt('expectedTo') });
    case 'receipts.json':
      return verifyReceipt(c.input, {
        keys,
        verifier,
        ...opt('expectedDigest'),
        ...opt('expectedAuthority'),
      });
    case 'trust-lists.json':
      return verifyTrustList(c.input, {
        rootKey: keysFile.registry.root.publicJwk,
        verifier,
        now,
        ...(o.minVersion === undefined ? {} : { minVersion: Number(o.minVersion) }),
      });
    case 'qr.json':
      return verifyQrPayload(c.input, { keys, verifier, now, directory, ...opt('document') });
  }
}

describe('test vectors (spec/vectors)', () => {
  it('are exactly what buildVectors() generates', async () => {
    const built = JSON.parse(JSON.stringify(await buildVectors())) as Record<string, unknown>;
    for (const [name, value] of Object.entries(built))
      expect(read(name), name).toStrictEqual(value);
  });

  it('label the private keys TEST ONLY', () => {
    expect(keysFile.warning).toMatch(/^TEST ONLY/);
  });

  for (const file of Object.keys(caseFiles) as CaseFileName[]) {
    const vectors = read<VectorFile>(file);
    describe(file, () => {
      it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        for (const verifier of [nodeVerifier, webCryptoVerifier]) {
          const outcome = await run(file, c, verifier);
          const failed = outcome.checks.find((check) => !check.ok);
          const signature = outcome.checks.find((check) => check.check === 'signature');
          const expected = c.expected;
          expect(outcome.valid).toBe(expected.valid);
          if (expected.valid) {
            expect(outcome.kid).toBe(expected.kid);
            if (expected.value !== undefined) expect(outcome.value).toStrictEqual(expected.value);
          } else {
            expect({ check: failed?.check, code: failed?.code }).toStrictEqual({
              check: expected.failedCheck,
              code: expected.code,
            });
            expect(outcome.value).toBeUndefined();
          }
          if (expected.signatureValid === null)
            expect(signature?.message).toMatch(/^not checked: /);
          else expect(signature?.ok).toBe(expected.signatureValid);
        }
      });
    });
  }
});
