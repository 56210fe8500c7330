// TEST ONLY: a signed three-line certificate with long Cyrillic names, its QR payload, and the
// keys to verify it, built the way a node builds them (domain → protocol). The keys are the
// protocol's public test keys: never trust them for anything real.
import {
  buildCertificate,
  defaultDirectory,
  validateDraft,
  type Certificate,
  type CertificateDraft,
} from '@kpx/domain';
import {
  base64urlEncode,
  encodeQrPayload,
  keyResolverFromKeys,
  signCertificate,
  utf8,
  type KeyResolver,
} from '@kpx/protocol';
import { createNodeSigner, sha256Node } from '@kpx/protocol/node';
import { testPrivateKeys, testTimes } from '../../../protocol/src/testing/fixtures.js';
import { testTrustedKeys } from '../../../protocol/src/testing/keys.js';
import type { CertificatePrintInput } from '../certificate-print-input.js';
import type { PrintLanguages } from '../print-languages.js';

/** When the fixture is verified: the day of issue, three hours after signing. */
export const verifyAt = testTimes.verifyAt;

/** A draft from RU-MINFIN to Antwerp: three HS lines, long Cyrillic exporter and importer. */
export const cyrillicDraft: CertificateDraft = {
  importingParticipant: 'EU',
  importingAuthority: 'EU-BE-ANTWERP',
  exporter: {
    name: 'Акционерное общество «Алмазы Анабара» — экспортный отдел, г. Якутск',
    address: 'ул. Ленина 6, Якутск, Республика Саха (Якутия), 677000, Российская Федерация',
    licence: 'RU-EXP-2026-0042',
  },
  importer: {
    name: 'Общество с ограниченной ответственностью «Антверпенская алмазная торговая компания»',
    address: 'Hoveniersstraat 2, 2018 Antwerpen, België',
    licence: 'BE-DO-104233',
  },
  origin: 'RU',
  items: [
    { hs: '7102.10', carats: '310.00', valueUsd: '98000.00' },
    { hs: '7102.21', carats: '845.50', valueUsd: '127000.00' },
    { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
  ],
  parcels: 4,
  expiresOn: '2026-05-31',
  transit: ['AE'],
  seals: ['RU-S-000123', 'RU-S-000124'],
  replaces: 'RU-2026-000101',
};

/** The signed fixture: everything `renderCertificatePdf` takes but the languages. */
export type SignedFixture = Omit<CertificatePrintInput, 'languages'> & { keys: KeyResolver };

/** Builds, signs and QR-encodes `draft` (default {@link cyrillicDraft}) as RU-MINFIN. */
export async function signedFixture(
  draft: CertificateDraft = cyrillicDraft,
  number = 'RU-2026-000123',
): Promise<SignedFixture> {
  const issuedOn = testTimes.issuedAt.slice(0, 10);
  const checked = validateDraft(draft, {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    today: issuedOn,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const certificate: Certificate = buildCertificate(checked.value, {
    directory: defaultDirectory,
    issuingAuthority: 'RU-MINFIN',
    number,
    issuedOn,
  });
  const signer = createNodeSigner(testPrivateKeys.ruMinfinEd25519);
  const signedJws = await signCertificate(certificate, signer, { issuedAt: testTimes.issuedAt });
  const qrText = await encodeQrPayload(certificate, signedJws, signer);
  return {
    certificate,
    signedJws,
    qrText,
    kid: signer.kid,
    digest: base64urlEncode(sha256Node(utf8(signedJws))),
    keys: keyResolverFromKeys(await testTrustedKeys()),
  };
}

/** The print input of the fixture in `languages`. */
export function printInput(
  fixture: SignedFixture,
  languages: PrintLanguages,
): CertificatePrintInput {
  const { keys: _keys, ...input } = fixture;
  return { ...input, languages };
}
