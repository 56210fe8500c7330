// The paper proof end to end: a signed three-line certificate with long Cyrillic names →
// KP1 payload → PDF → pixels (Debian pdftoppm, 150 dpi) → ZXing-C++ → verifyQrPayload.
import { inflateSync, deflateSync } from 'node:zlib';
import { defaultDirectory } from '@kpx/domain';
import {
  base45Decode,
  base45Encode,
  decodeQrPayload,
  qrPrefix,
  qrVersionForAlphanumeric,
  verifyQrPayload,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pointsPerMm } from './draw-qr.js';
import { renderCertificate } from './render-certificate-pdf.js';
import { readQrCodes, symbolWidthPx } from './testing/decode-qr.js';
import {
  printInput,
  signedFixture,
  verifyAt,
  type SignedFixture,
} from './testing/print-fixture.js';
import { rasterise } from './testing/poppler.js';

const dpi = 150;
const sixCmPx = Math.ceil((60 / 25.4) * dpi); // 354 px

/** Re-encodes `qrText` with one claim's bytes replaced, the COSE signature left as it was. */
function alterClaims(qrText: string, from: string, to: string): string {
  const compressed = base45Decode(qrText.slice(qrPrefix.length));
  if (compressed === undefined) throw new Error('not base45');
  const cose = inflateSync(compressed);
  const at = cose.indexOf(Buffer.from(from, 'utf8'));
  if (at < 0 || from.length !== to.length) throw new Error(`cannot replace ${from}`);
  cose.write(to, at, 'utf8');
  return qrPrefix + base45Encode(new Uint8Array(deflateSync(cose, { level: 9 })));
}

async function scan(
  pdf: Uint8Array,
): Promise<{ text: string; version: string; ecLevel: string; widthPx: number }[]> {
  const pages = rasterise(pdf, dpi);
  const found = [];
  for (const png of pages) {
    for (const r of await readQrCodes(png)) {
      found.push({
        text: r.text,
        version: r.version,
        ecLevel: r.ecLevel,
        widthPx: symbolWidthPx(r),
      });
    }
  }
  return found;
}

describe('QR round trip through paper (pdftoppm → ZXing → verifyQrPayload)', () => {
  let fixture: SignedFixture;
  beforeAll(async () => {
    // The decoder must work offline: any network access fails the test.
    vi.stubGlobal('fetch', () => Promise.reject(new Error('no network in this test')));
    fixture = await signedFixture();
  });
  afterAll(() => vi.unstubAllGlobals());

  const verify = (text: string) =>
    verifyQrPayload(text, {
      keys: fixture.keys,
      verifier: nodeVerifier,
      now: verifyAt,
      directory: defaultDirectory,
      document: fixture.signedJws,
    });

  it('reads back the exact KP1 text, which verifies', async () => {
    const { pdf, qr } = await renderCertificate(printInput(fixture, ['en', 'ru']));
    const [scanned, ...more] = await scan(pdf);
    expect(more).toHaveLength(0);
    expect(scanned?.text).toBe(fixture.qrText);
    expect(scanned?.ecLevel).toBe('M');
    expect(Number(scanned?.version)).toBe(qr.version);
    const outcome = await verify(scanned?.text ?? '');
    expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
    expect(outcome.valid).toBe(true);
    expect(outcome.value?.number).toBe(fixture.certificate.number);
  });

  it('prints the QR at least 6 cm wide, by the drawing geometry and in the raster', async () => {
    const { pdf, qr } = await renderCertificate(printInput(fixture, ['en', 'ru']));
    expect(qr.width / pointsPerMm).toBeGreaterThanOrEqual(60);
    expect(qr.widthMm).toBeCloseTo(64, 6);
    const [scanned] = await scan(pdf);
    expect(scanned?.widthPx).toBeGreaterThanOrEqual(sixCmPx);
  });

  it('is a version ≤ 25 code at level M, as the protocol predicts for its length', async () => {
    const { qr, pdf } = await renderCertificate(printInput(fixture, ['en']));
    const length = fixture.qrText.length;
    expect(qr.version).toBe(qrVersionForAlphanumeric(length));
    expect(qr.version).toBeLessThanOrEqual(25);
    expect(qr.modules).toBe(17 + 4 * qr.version);
    console.info(
      `KP1 text ${length} characters; QR version ${qr.version} (${qr.modules} modules, ` +
        `${qr.moduleSize.toFixed(3)} pt each) at level M; PDF ${pdf.length} bytes (en)`,
    );
  });

  it('fails with the signature check named when the claims are changed under the signature', async () => {
    const tampered = alterClaims(fixture.qrText, '1520.35', '9520.35');
    const decoded = decodeQrPayload(tampered);
    expect(decoded.ok && decoded.value.claims.items.map((i) => i.carats)).toContain('9520.35');
    // Number, digest and key still match, so the tampered code prints like the real one.
    const { pdf } = await renderCertificate({
      ...printInput(fixture, ['en', 'ru']),
      qrText: tampered,
    });
    const [scanned] = await scan(pdf);
    expect(scanned?.text).toBe(tampered);
    const outcome = await verify(scanned?.text ?? '');
    expect(outcome.valid).toBe(false);
    const firstFailure = outcome.checks.find((c) => !c.ok);
    expect(firstFailure).toMatchObject({ check: 'signature', code: 'KPX_SIGNATURE_INVALID' });
    expect(outcome.checks.filter((c) => c.ok).map((c) => c.check)).toStrictEqual([
      'format',
      'header',
      'key-known',
      'key-authority',
      'key-valid-at-signing',
      'key-not-revoked',
    ]);
  });
});
