import type { Certificate } from '@kpx/domain';
import { decodeQrPayload } from '@kpx/protocol';
import { drawQr, pointsPerMm, type QrPlacement } from './draw-qr.js';
import { labelLine, labels } from './labels.js';
import { finishPdf, openPdf } from './pdf-document.js';
import type { PrintLanguages } from './print-languages.js';
import { qrQuietZoneModules, qrSymbol } from './qr-symbol.js';
import { drawText, fitOneLine, styles } from './text-style.js';

/** What {@link renderContainerLabelPdf} prints. */
export type ContainerLabelInput = {
  certificate: Certificate;
  /** The certificate's QR payload (`KP1:…`). */
  qrText: string;
  /** Languages of the label's caption; English by default. */
  languages?: PrintLanguages;
};

/** A6 portrait in points (ISO 216: 105 × 148 mm), a common label size. */
export const a6: readonly [number, number] = [297.64, 419.53];

/** Width of the label's QR symbol: 64 mm, as on the certificate. */
export const labelQrWidthMm = 64;

const margin = 20;

/**
 * Renders the container label and reports where its QR code is. See
 * {@link renderContainerLabelPdf}.
 *
 * @throws TypeError when `qrText` is not a KP1 payload naming `certificate.number`.
 */
export async function renderContainerLabel(
  input: ContainerLabelInput,
): Promise<{ pdf: Uint8Array; qr: QrPlacement }> {
  const { certificate, qrText } = input;
  const languages = input.languages ?? ['en'];
  const decoded = decodeQrPayload(qrText);
  if (!decoded.ok || decoded.value.claims.number !== certificate.number) {
    throw new TypeError('qrText is not the KP1 payload of this certificate');
  }
  const [width, height] = a6;
  const inner = width - 2 * margin;
  const doc = openPdf({
    title: `${labels.containerLabel.en} ${certificate.number}`,
    subject: 'Kimberley Process certificate number for the container (KPCS Annex I C)',
    author: certificate.issuingAuthority,
    date: certificate.issuedOn,
    size: a6,
  });
  doc.addPage();
  let y = margin;
  for (const l of languages) {
    y += drawText(doc, labels.containerLabel[l], styles.strong, { x: margin, y, width: inner });
  }
  const numberStyle = fitOneLine(doc, certificate.number, { ...styles.number, size: 30 }, inner);
  y += drawText(doc, certificate.number, numberStyle, {
    x: margin,
    y,
    width: inner,
    align: 'center',
  });
  const symbol = qrSymbol(qrText);
  const qrWidth = labelQrWidthMm * pointsPerMm;
  const quiet = (qrQuietZoneModules * qrWidth) / symbol.size;
  y += quiet + 2;
  const qr = drawQr(doc, symbol, { page: 0, x: (width - qrWidth) / 2, y, width: qrWidth });
  y += qrWidth + quiet;
  const details = [
    `${certificate.exportingParticipant} → ${certificate.importingParticipant} · ${certificate.issuingAuthority}`,
    `${labelLine('issuedOn', languages)}: ${certificate.issuedOn} · ${labelLine('parcels', languages)}: ${certificate.parcels}`,
    `${labelLine('seals', languages)}: ${certificate.seals.length > 0 ? certificate.seals.join(', ') : labelLine('none', languages)}`,
  ];
  for (const text of details) {
    if (y > height - margin) break;
    y += drawText(doc, text, styles.small, { x: margin, y, width: inner, align: 'center' });
  }
  return { pdf: await finishPdf(doc), qr };
}

/**
 * Renders the container label of KPCS Annex I C (recommended: the certificate number repeated on
 * the container): an A6 page with the number printed large and the certificate's QR code, 64 mm
 * wide, plus the route, date of issue, parcels and seal numbers, to stick on or into the
 * tamper-resistant container. Reproducible like the certificate.
 *
 * @throws TypeError when `qrText` is not a KP1 payload naming `certificate.number`.
 *
 * @example
 * ```ts
 * const label = await renderContainerLabelPdf({ certificate, qrText });
 * ```
 */
export async function renderContainerLabelPdf(input: ContainerLabelInput): Promise<Uint8Array> {
  return (await renderContainerLabel(input)).pdf;
}
