import { decodeQrPayload } from '@kpx/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderContainerLabel, renderContainerLabelPdf } from './render-container-label-pdf.js';
import { readQrCodes, symbolWidthPx } from './testing/decode-qr.js';
import { compact, pdfInfo, pdfText, rasterise, wordBoxes } from './testing/poppler.js';
import { signedFixture, type SignedFixture } from './testing/print-fixture.js';

describe('renderContainerLabelPdf (KPCS Annex I C)', () => {
  let fixture: SignedFixture;
  beforeAll(async () => {
    fixture = await signedFixture();
  });

  it('carries the number in text and in a QR that decodes to the same number', async () => {
    const { certificate, qrText } = fixture;
    const { pdf, qr } = await renderContainerLabel({ certificate, qrText });
    expect(pdfInfo(pdf)['Page size']).toBe('297.64 x 419.53 pts'); // A6
    const text = pdfText(pdf);
    expect(text).toContain(certificate.number);
    expect(compact(text)).toContain(compact('RU-S-000123, RU-S-000124'));
    const [png] = rasterise(pdf, 150);
    const [scanned, ...more] = await readQrCodes(png ?? new Uint8Array());
    expect(more).toHaveLength(0);
    expect(scanned?.text).toBe(qrText);
    const decoded = decodeQrPayload(scanned?.text ?? '');
    expect(decoded.ok && decoded.value.claims.number).toBe(certificate.number);
    expect(qr.widthMm).toBeGreaterThanOrEqual(60);
    expect(symbolWidthPx(scanned!)).toBeGreaterThanOrEqual(354);
  });

  it('prints the number large', async () => {
    const pdf = await renderContainerLabelPdf({
      certificate: fixture.certificate,
      qrText: fixture.qrText,
      languages: ['en', 'ru'],
    });
    const words = wordBoxes(pdf);
    const number = words.find((w) => w.text === fixture.certificate.number);
    const caption = words.find((w) => w.text === 'Kimberley');
    expect(number?.height).toBeGreaterThan(2.5 * (caption?.height ?? Infinity));
    expect(number?.width).toBeGreaterThan(0.8 * (297.64 - 40));
    const text = pdfText(pdf);
    expect(text).toContain('Kimberley Process Certificate No.');
    expect(text).toContain('Сертификат Кимберлийского процесса №');
  });

  it('is byte-identical for identical input', async () => {
    const input = { certificate: fixture.certificate, qrText: fixture.qrText };
    const one = await renderContainerLabelPdf(input);
    expect(Buffer.from(await renderContainerLabelPdf(input)).equals(Buffer.from(one))).toBe(true);
  });

  it('refuses a QR payload of another certificate', async () => {
    const other = await signedFixture(undefined, 'RU-2026-000999');
    await expect(
      renderContainerLabelPdf({ certificate: fixture.certificate, qrText: other.qrText }),
    ).rejects.toThrow('qrText is not the KP1 payload of this certificate');
  });
});
